package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of schema writes: EntityMetadata, the attribute metadata classes, OptionSetMetadata,
 * OneToManyRelationshipMetadata and EntityKeyMetadata, with labels in one language.
 * [webapi/create-update-entity-definitions-using-web-api]
 */
final class MetadataBodies {

    private final int languageCode;

    MetadataBodies(int languageCode) {
        this.languageCode = languageCode;
    }

    ObjectNode label(String text) {
        ObjectNode label = DataverseJson.object();
        label.put("@odata.type", "Microsoft.Dynamics.CRM.Label");
        ObjectNode localized = label.putArray("LocalizedLabels").addObject();
        localized.put("@odata.type", "Microsoft.Dynamics.CRM.LocalizedLabel");
        localized.put("Label", text);
        localized.put("LanguageCode", languageCode);
        return label;
    }

    private static ObjectNode requiredLevel(boolean required) {
        ObjectNode r = DataverseJson.object();
        r.put("Value", required ? "ApplicationRequired" : "None");
        r.put("CanBeChanged", true);
        r.put("ManagedPropertyLogicalName", "canmodifyrequirementlevelsettings");
        return r;
    }

    ObjectNode table(TableSpec t) {
        ObjectNode o = DataverseJson.object();
        o.put("@odata.type", "Microsoft.Dynamics.CRM.EntityMetadata");
        o.put("SchemaName", t.schemaName());
        o.set("DisplayName", label(t.displayName()));
        o.set("DisplayCollectionName", label(t.displayCollectionName()));
        if (t.description() != null) {
            o.set("Description", label(t.description()));
        }
        o.put("OwnershipType", "UserOwned");
        o.put("IsActivity", false);
        o.put("HasNotes", t.hasNotes());
        o.put("HasActivities", t.hasActivities());
        ObjectNode name = o.putArray("Attributes").addObject();
        name.put("@odata.type", "Microsoft.Dynamics.CRM.StringAttributeMetadata");
        name.put("SchemaName", t.primaryNameSchemaName());
        name.put("AttributeType", "String");
        name.putObject("AttributeTypeName").put("Value", "StringType");
        name.put("IsPrimaryName", true);
        name.set("RequiredLevel", requiredLevel(true));
        name.put("MaxLength", t.primaryNameMaxLength());
        name.putObject("FormatName").put("Value", "Text");
        name.set("DisplayName", label(t.primaryNameDisplayName()));
        return o;
    }

    ObjectNode column(ColumnSpec c, UUID globalChoiceId) {
        ObjectNode o = DataverseJson.object();
        o.put("@odata.type", c.type().odataType());
        o.put("SchemaName", c.schemaName());
        o.set("DisplayName", label(c.displayName()));
        if (c.description() != null) {
            o.set("Description", label(c.description()));
        }
        o.set("RequiredLevel", requiredLevel(c.required()));
        switch (c.type()) {
            case STRING -> {
                o.put("AttributeType", "String");
                o.putObject("AttributeTypeName").put("Value", "StringType");
                o.put("MaxLength", c.maxLength());
                o.putObject("FormatName").put("Value", c.format() == null ? "Text" : c.format());
            }
            case MEMO -> {
                o.put("AttributeType", "Memo");
                o.putObject("AttributeTypeName").put("Value", "MemoType");
                o.put("Format", c.format() == null ? "TextArea" : c.format());
                o.put("MaxLength", c.maxLength() == null ? 2000 : c.maxLength());
            }
            case INTEGER -> {
                o.put("AttributeType", "Integer");
                o.putObject("AttributeTypeName").put("Value", "IntegerType");
                o.put("Format", "None");
                o.put("MinValue", c.minValue().intValueExact());
                o.put("MaxValue", c.maxValue().intValueExact());
            }
            case DECIMAL -> {
                o.put("AttributeType", "Decimal");
                o.putObject("AttributeTypeName").put("Value", "DecimalType");
                o.put("Precision", c.precision());
                o.put("MinValue", c.minValue());
                o.put("MaxValue", c.maxValue());
            }
            case MONEY -> {
                o.put("AttributeType", "Money");
                o.putObject("AttributeTypeName").put("Value", "MoneyType");
                o.put("Precision", c.precision());
                o.put("PrecisionSource", 2); // the currency's precision
                o.put("MinValue", c.minValue());
                o.put("MaxValue", c.maxValue());
            }
            case DATE_ONLY -> {
                o.put("AttributeType", "DateTime");
                o.putObject("AttributeTypeName").put("Value", "DateTimeType");
                o.put("Format", "DateOnly");
                o.putObject("DateTimeBehavior").put("Value", "DateOnly");
            }
            case DATE_TIME -> {
                o.put("AttributeType", "DateTime");
                o.putObject("AttributeTypeName").put("Value", "DateTimeType");
                o.put("Format", "DateAndTime");
                o.putObject("DateTimeBehavior").put("Value", "UserLocal");
            }
            case BOOLEAN -> {
                o.put("AttributeType", "Boolean");
                o.putObject("AttributeTypeName").put("Value", "BooleanType");
                o.put("DefaultValue", false);
                ObjectNode set = o.putObject("OptionSet");
                set.put("@odata.type", "Microsoft.Dynamics.CRM.BooleanOptionSetMetadata");
                set.put("OptionSetType", "Boolean");
                ObjectNode yes = set.putObject("TrueOption");
                yes.put("Value", 1);
                yes.set("Label", label(c.trueLabel() == null ? "Yes" : c.trueLabel()));
                ObjectNode no = set.putObject("FalseOption");
                no.put("Value", 0);
                no.set("Label", label(c.falseLabel() == null ? "No" : c.falseLabel()));
            }
            case CHOICE, MULTI_CHOICE -> {
                boolean multi = c.type() == ColumnSpec.Type.MULTI_CHOICE;
                o.put("AttributeType", multi ? "Virtual" : "Picklist");
                o.putObject("AttributeTypeName").put("Value", multi ? "MultiSelectPicklistType" : "PicklistType");
                if (c.globalChoiceName() != null) {
                    // A global choice is bound by its MetadataId. [webapi/create-update-entity-definitions-using-web-api]
                    o.put("GlobalOptionSet@odata.bind", "/GlobalOptionSetDefinitions(" + globalChoiceId + ")");
                } else {
                    ObjectNode set = o.putObject("OptionSet");
                    set.put("@odata.type", "Microsoft.Dynamics.CRM.OptionSetMetadata");
                    set.put("IsGlobal", false);
                    set.put("OptionSetType", "Picklist");
                    set.set("Options", options(c.options()));
                }
            }
            default -> throw new IllegalStateException("unhandled column type " + c.type());
        }
        return o;
    }

    private ArrayNode options(List<ChoiceOption> options) {
        ArrayNode a = DataverseJson.MAPPER.createArrayNode();
        for (ChoiceOption opt : options) {
            ObjectNode o = a.addObject();
            o.put("Value", opt.value());
            o.set("Label", label(opt.label()));
        }
        return a;
    }

    ObjectNode globalChoice(String name, String displayName, List<ChoiceOption> options) {
        ObjectNode o = DataverseJson.object();
        o.put("@odata.type", "Microsoft.Dynamics.CRM.OptionSetMetadata");
        o.put("Name", name);
        o.set("DisplayName", label(displayName));
        o.put("OptionSetType", "Picklist");
        o.put("IsGlobal", true);
        o.set("Options", options(options));
        return o;
    }

    ObjectNode oneToMany(LookupSpec l) {
        ObjectNode o = DataverseJson.object();
        o.put("@odata.type", "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata");
        o.put("SchemaName", l.relationshipSchemaName());
        o.put("ReferencedEntity", l.referencedTable());
        o.put("ReferencingEntity", l.referencingTable());
        ObjectNode cascade = o.putObject("CascadeConfiguration");
        cascade.put("Assign", "NoCascade");
        cascade.put("Delete", l.deleteCascade());
        cascade.put("Merge", "NoCascade");
        cascade.put("Reparent", "NoCascade");
        cascade.put("Share", "NoCascade");
        cascade.put("Unshare", "NoCascade");
        ObjectNode lookup = o.putObject("Lookup");
        lookup.put("@odata.type", "Microsoft.Dynamics.CRM.LookupAttributeMetadata");
        lookup.put("AttributeType", "Lookup");
        lookup.putObject("AttributeTypeName").put("Value", "LookupType");
        lookup.put("SchemaName", l.lookupSchemaName());
        lookup.set("DisplayName", label(l.lookupDisplayName()));
        lookup.set("RequiredLevel", requiredLevel(false));
        return o;
    }

    ObjectNode key(KeySpec k) {
        ObjectNode o = DataverseJson.object();
        o.put("SchemaName", k.schemaName());
        o.set("DisplayName", label(k.displayName()));
        ArrayNode attrs = o.putArray("KeyAttributes");
        k.keyAttributes().forEach(attrs::add);
        return o;
    }

    ObjectNode publish(List<String> tables) {
        StringBuilder xml = new StringBuilder("<importexportxml><entities>");
        for (String t : tables) {
            xml.append("<entity>").append(t).append("</entity>");
        }
        xml.append("</entities></importexportxml>");
        ObjectNode o = DataverseJson.object();
        o.put("ParameterXml", xml.toString());
        return o;
    }
}
