package org.profid365.migrator.sim.dataverse;

import java.util.Locale;

/** Column types as Dataverse metadata names them, with their OData (EDM) type and metadata class. */
enum SimColumnType {
    UNIQUEIDENTIFIER("Uniqueidentifier", "Edm.Guid", "UniqueIdentifierAttributeMetadata", "UniqueidentifierType"),
    STRING("String", "Edm.String", "StringAttributeMetadata", "StringType"),
    MEMO("Memo", "Edm.String", "MemoAttributeMetadata", "MemoType"),
    INTEGER("Integer", "Edm.Int32", "IntegerAttributeMetadata", "IntegerType"),
    BIGINT("BigInt", "Edm.Int64", "BigIntAttributeMetadata", "BigIntType"),
    DECIMAL("Decimal", "Edm.Decimal", "DecimalAttributeMetadata", "DecimalType"),
    DOUBLE("Double", "Edm.Double", "DoubleAttributeMetadata", "DoubleType"),
    MONEY("Money", "Edm.Decimal", "MoneyAttributeMetadata", "MoneyType"),
    BOOLEAN("Boolean", "Edm.Boolean", "BooleanAttributeMetadata", "BooleanType"),
    DATETIME("DateTime", "Edm.DateTimeOffset", "DateTimeAttributeMetadata", "DateTimeType"),
    PICKLIST("Picklist", "Edm.Int32", "PicklistAttributeMetadata", "PicklistType"),
    MULTISELECT("Virtual", "Edm.String", "MultiSelectPicklistAttributeMetadata", "MultiSelectPicklistType"),
    STATE("State", "Edm.Int32", "StateAttributeMetadata", "StateType"),
    STATUS("Status", "Edm.Int32", "StatusAttributeMetadata", "StatusType"),
    LOOKUP("Lookup", "Edm.Guid", "LookupAttributeMetadata", "LookupType"),
    OWNER("Owner", "Edm.Guid", "LookupAttributeMetadata", "OwnerType"),
    CUSTOMER("Customer", "Edm.Guid", "LookupAttributeMetadata", "CustomerType");

    private final String attributeType;
    private final String edmType;
    private final String metadataType;
    private final String typeName;

    SimColumnType(String attributeType, String edmType, String metadataType, String typeName) {
        this.attributeType = attributeType;
        this.edmType = edmType;
        this.metadataType = metadataType;
        this.typeName = typeName;
    }

    /** {@code AttributeType} in metadata. */
    String attributeType() {
        return attributeType;
    }

    String edmType() {
        return edmType;
    }

    /** The metadata class, e.g. {@code StringAttributeMetadata}. */
    String metadataType() {
        return metadataType;
    }

    /** {@code AttributeTypeName.Value}. */
    String typeName() {
        return typeName;
    }

    boolean isLookup() {
        return this == LOOKUP || this == OWNER || this == CUSTOMER;
    }

    boolean isChoice() {
        return this == PICKLIST || this == STATE || this == STATUS;
    }

    boolean isText() {
        return this == STRING || this == MEMO;
    }

    /** Types as tables.json spells them ({@code String}, {@code Picklist}, ...). */
    static SimColumnType fromReference(String name) {
        if (name.equals("MultiSelectPicklist")) {
            return MULTISELECT;
        }
        for (SimColumnType type : values()) {
            if (type.attributeType.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown column type in tables.json: " + name);
    }

    /** The type a metadata class (e.g. {@code Microsoft.Dynamics.CRM.IntegerAttributeMetadata}) creates, or null. */
    static SimColumnType fromMetadataType(String odataType) {
        if (odataType == null) {
            return null;
        }
        String simple = odataType.startsWith("#") ? odataType.substring(1) : odataType;
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        for (SimColumnType type : values()) {
            if (type.metadataType.equals(simple) && !type.isLookup() && type != STATE && type != STATUS
                    && type != UNIQUEIDENTIFIER) {
                return type;
            }
        }
        if (simple.equals("LookupAttributeMetadata")) {
            return LOOKUP;
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
