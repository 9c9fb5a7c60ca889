package org.profid365.migrator.dataverse;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A column to create, of one of the types the schema API supports: text (≤ 4,000), multi-line text, whole
 * number, decimal, currency, date only or date and time, yes/no, and choice or choices with local options or a
 * global choice. [webapi/create-update-entity-definitions-using-web-api]
 */
public record ColumnSpec(
        Type type,
        String schemaName,
        String displayName,
        String description,
        Integer maxLength,
        String format,
        Integer precision,
        BigDecimal minValue,
        BigDecimal maxValue,
        List<ChoiceOption> options,
        String globalChoiceName,
        String trueLabel,
        String falseLabel,
        boolean required) {

    /** The metadata class each type is created as. */
    public enum Type {
        STRING("StringAttributeMetadata"),
        MEMO("MemoAttributeMetadata"),
        INTEGER("IntegerAttributeMetadata"),
        DECIMAL("DecimalAttributeMetadata"),
        MONEY("MoneyAttributeMetadata"),
        DATE_ONLY("DateTimeAttributeMetadata"),
        DATE_TIME("DateTimeAttributeMetadata"),
        BOOLEAN("BooleanAttributeMetadata"),
        CHOICE("PicklistAttributeMetadata"),
        MULTI_CHOICE("MultiSelectPicklistAttributeMetadata");

        private final String metadataType;

        Type(String metadataType) {
            this.metadataType = metadataType;
        }

        public String odataType() {
            return "Microsoft.Dynamics.CRM." + metadataType;
        }
    }

    public ColumnSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(displayName, "displayName");
        options = options == null ? List.of() : List.copyOf(options);
        if (type == Type.STRING && (maxLength == null || maxLength < 1 || maxLength > 4000)) {
            throw new IllegalArgumentException(schemaName + ": a text column's MaxLength must be 1..4000");
        }
        if ((type == Type.CHOICE || type == Type.MULTI_CHOICE) && options.isEmpty() && globalChoiceName == null) {
            throw new IllegalArgumentException(schemaName + ": a choice column needs options or a global choice");
        }
    }

    private static ColumnSpec of(Type type, String schemaName, String displayName) {
        return new ColumnSpec(type, schemaName, displayName, null, null, null, null, null, null, null, null, null,
                null, false);
    }

    /** Text; format {@code Text}, {@code Email}, {@code Url} or {@code Phone}. */
    public static ColumnSpec string(String schemaName, String displayName, int maxLength) {
        return new ColumnSpec(Type.STRING, schemaName, displayName, null, maxLength, "Text", null, null, null, null,
                null, null, null, false);
    }

    public static ColumnSpec memo(String schemaName, String displayName, int maxLength) {
        return new ColumnSpec(Type.MEMO, schemaName, displayName, null, maxLength, "TextArea", null, null, null, null,
                null, null, null, false);
    }

    public static ColumnSpec integer(String schemaName, String displayName) {
        return new ColumnSpec(Type.INTEGER, schemaName, displayName, null, null, "None", null,
                BigDecimal.valueOf(Integer.MIN_VALUE), BigDecimal.valueOf(Integer.MAX_VALUE), null, null, null, null,
                false);
    }

    public static ColumnSpec decimal(String schemaName, String displayName, int precision) {
        return new ColumnSpec(Type.DECIMAL, schemaName, displayName, null, null, null, precision,
                new BigDecimal("-100000000000"), new BigDecimal("100000000000"), null, null, null, null, false);
    }

    public static ColumnSpec money(String schemaName, String displayName, int precision) {
        return new ColumnSpec(Type.MONEY, schemaName, displayName, null, null, null, precision,
                new BigDecimal("-922337203685477"), new BigDecimal("922337203685477"), null, null, null, null, false);
    }

    public static ColumnSpec dateOnly(String schemaName, String displayName) {
        return of(Type.DATE_ONLY, schemaName, displayName);
    }

    public static ColumnSpec dateTime(String schemaName, String displayName) {
        return of(Type.DATE_TIME, schemaName, displayName);
    }

    public static ColumnSpec bool(String schemaName, String displayName, String trueLabel, String falseLabel) {
        return new ColumnSpec(Type.BOOLEAN, schemaName, displayName, null, null, null, null, null, null, null, null,
                trueLabel, falseLabel, false);
    }

    public static ColumnSpec choice(String schemaName, String displayName, List<ChoiceOption> options) {
        return new ColumnSpec(Type.CHOICE, schemaName, displayName, null, null, null, null, null, null, options, null,
                null, null, false);
    }

    public static ColumnSpec choices(String schemaName, String displayName, List<ChoiceOption> options) {
        return new ColumnSpec(Type.MULTI_CHOICE, schemaName, displayName, null, null, null, null, null, null, options,
                null, null, null, false);
    }

    /** A choice column whose options come from a global choice. */
    public static ColumnSpec globalChoice(String schemaName, String displayName, String globalChoiceName) {
        return new ColumnSpec(Type.CHOICE, schemaName, displayName, null, null, null, null, null, null, null,
                globalChoiceName, null, null, false);
    }

    public static ColumnSpec globalChoices(String schemaName, String displayName, String globalChoiceName) {
        return new ColumnSpec(Type.MULTI_CHOICE, schemaName, displayName, null, null, null, null, null, null, null,
                globalChoiceName, null, null, false);
    }

    public ColumnSpec withDescription(String text) {
        return new ColumnSpec(type, schemaName, displayName, text, maxLength, format, precision, minValue, maxValue,
                options, globalChoiceName, trueLabel, falseLabel, required);
    }

    /** Text format: {@code Text}, {@code Email}, {@code Url}, {@code Phone} (or {@code TextArea} for memos). */
    public ColumnSpec withFormat(String textFormat) {
        return new ColumnSpec(type, schemaName, displayName, description, maxLength, textFormat, precision, minValue,
                maxValue, options, globalChoiceName, trueLabel, falseLabel, required);
    }

    public ColumnSpec withRange(BigDecimal min, BigDecimal max) {
        return new ColumnSpec(type, schemaName, displayName, description, maxLength, format, precision, min, max,
                options, globalChoiceName, trueLabel, falseLabel, required);
    }

    public ColumnSpec asRequired() {
        return new ColumnSpec(type, schemaName, displayName, description, maxLength, format, precision, minValue,
                maxValue, options, globalChoiceName, trueLabel, falseLabel, true);
    }

    /** The logical name Dataverse derives: the SchemaName in lower case. */
    public String logicalName() {
        return schemaName.toLowerCase(java.util.Locale.ROOT);
    }
}
