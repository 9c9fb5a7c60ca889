package org.profid365.migrator.profi;

import static org.profid365.migrator.profi.ColumnType.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object types of a Profi export, one per CSV file, with the columns of the export contract
 * ({@code shared/reference/profi-source.md}). Declared in load order: a type only references types above it,
 * except notes and files, which may point at sessions and notes.
 */
public enum ProfiObject {
    COACH("coaches", "coach"),
    COMPANY("companies", "company"),
    CLIENT("clients", "client"),
    SERVICE("services", "service"),
    PROGRAM("programs", "program"),
    PACKAGE("packages", "package"),
    SESSION("sessions", "session"),
    SESSION_PARTICIPANT("session_participants", "session_participant"),
    ENROLLMENT("enrollments", "enrollment"),
    INVOICE("invoices", "invoice"),
    PAYMENT("payments", "payment"),
    NOTE("notes", "note"),
    FILE("files", "file"),
    CUSTOM_FIELD("custom_fields", "custom_field");

    /** File name without {@code .csv}; also the collection name of the HTTP API. */
    private final String collection;
    /** The singular name used in the state store and in messages. */
    private final String typeName;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final List<String> keyColumns = new ArrayList<>();
    /** Entity name in custom_fields.csv whose {@code cf_*} columns this file carries, or null. */
    private String customFieldEntity;

    ProfiObject(String collection, String typeName) {
        this.collection = collection;
        this.typeName = typeName;
    }

    static {
        COACH.key("id").cols(Column.required("email", EMAIL), Column.of("first_name", TEXT), Column.of("last_name", TEXT),
                Column.oneOf("role", "admin", "member"), Column.of("title", TEXT), Column.of("specialty", TEXT),
                Column.of("credentials", TEXT), Column.of("bio", TEXT), Column.of("phone", TEXT),
                Column.of("active", BOOLEAN), Column.of("created_at", TIMESTAMP));
        COMPANY.key("id").cols(Column.required("name", TEXT),
                Column.oneOf("company_type", "individual_coach", "coaching_firm", "corporate_client", "other"),
                Column.of("industry", TEXT), Column.of("employee_count", INTEGER), Column.of("annual_revenue", DECIMAL),
                Column.of("currency", CURRENCY), Column.of("website", URL), Column.of("phone", TEXT), Column.of("email", EMAIL),
                Column.of("street", TEXT), Column.of("city", TEXT), Column.of("state", TEXT), Column.of("postal_code", TEXT),
                Column.of("country", TEXT), Column.of("owner_email", EMAIL), Column.of("created_at", TIMESTAMP),
                Column.of("updated_at", TIMESTAMP)).customFields("company");
        CLIENT.key("id").cols(Column.of("first_name", TEXT), Column.of("last_name", TEXT), Column.of("email", EMAIL),
                Column.of("phone", TEXT), Column.of("mobile", TEXT), Column.of("birthdate", DATE), Column.of("gender", TEXT),
                Column.of("street", TEXT), Column.of("city", TEXT), Column.of("state", TEXT), Column.of("postal_code", TEXT),
                Column.of("country", TEXT), Column.ref("company_id", COMPANY, false),
                Column.oneOf("lifecycle_stage", "prospect", "onboarding", "active", "paused", "alumni", "archived"),
                Column.of("owner_email", EMAIL), Column.of("co_coach_emails", LIST), Column.of("source", TEXT),
                Column.of("tags", LIST), Column.of("created_at", TIMESTAMP), Column.of("updated_at", TIMESTAMP))
                .customFields("client");
        SERVICE.key("id").cols(Column.required("name", TEXT), Column.oneOf("type", "individual", "group"),
                Column.of("duration_minutes", INTEGER), Column.of("price", DECIMAL), Column.of("currency", CURRENCY),
                Column.of("active", BOOLEAN));
        PROGRAM.key("id").cols(Column.required("name", TEXT), Column.of("description", TEXT),
                Column.of("module_count", INTEGER), Column.of("active", BOOLEAN));
        PACKAGE.key("id").cols(Column.ref("client_id", CLIENT, true), Column.ref("service_id", SERVICE, false),
                Column.of("name", TEXT), Column.of("sessions_included", INTEGER), Column.of("sessions_used", INTEGER),
                Column.of("price", DECIMAL), Column.of("currency", CURRENCY), Column.of("purchased_at", TIMESTAMP),
                Column.of("expires_at", TIMESTAMP), Column.oneOf("status", "active", "completed", "expired", "cancelled"),
                Column.of("updated_at", TIMESTAMP));
        SESSION.key("id").cols(Column.ref("client_id", CLIENT, true), Column.of("coach_email", EMAIL),
                Column.ref("service_id", SERVICE, false), Column.ref("package_id", PACKAGE, false), Column.of("title", TEXT),
                Column.oneOf("session_type", "individual", "group", "discovery", "follow_up"),
                Column.oneOf("medium", "video", "audio", "in_person", "phone"),
                Column.of("start_at", TIMESTAMP).andRequired(), Column.of("end_at", TIMESTAMP),
                Column.of("duration_minutes", INTEGER),
                Column.oneOf("status", "requested", "scheduled", "completed", "cancelled", "late_cancelled", "no_show"),
                Column.of("recording_url", URL), Column.of("created_at", TIMESTAMP), Column.of("updated_at", TIMESTAMP))
                .customFields("session");
        SESSION_PARTICIPANT.key("session_id", "client_id").cols(Column.ref("session_id", SESSION, true),
                Column.ref("client_id", CLIENT, true), Column.oneOf("attendance", "attended", "absent", "cancelled"));
        ENROLLMENT.key("id").cols(Column.ref("client_id", CLIENT, true), Column.ref("program_id", PROGRAM, true),
                Column.of("enrolled_at", TIMESTAMP), Column.oneOf("status", "active", "paused", "completed", "withdrawn"),
                Column.of("progress_percent", DECIMAL), Column.of("completed_at", TIMESTAMP), Column.of("updated_at", TIMESTAMP))
                .customFields("enrollment");
        INVOICE.key("id").cols(Column.ref("client_id", CLIENT, true), Column.of("number", TEXT), Column.of("issued_at", TIMESTAMP),
                Column.of("due_at", TIMESTAMP),
                Column.oneOf("status", "draft", "sent", "paid", "partially_paid", "overdue", "void", "refunded"),
                Column.of("total", DECIMAL), Column.of("currency", CURRENCY), Column.of("updated_at", TIMESTAMP));
        PAYMENT.key("id").cols(Column.ref("invoice_id", INVOICE, false), Column.ref("client_id", CLIENT, true),
                Column.of("amount", DECIMAL).andRequired(), Column.of("currency", CURRENCY), Column.of("paid_at", TIMESTAMP),
                Column.oneOf("method", "card", "bank_transfer", "cash", "paypal", "other"),
                Column.oneOf("status", "succeeded", "pending", "failed", "refunded"), Column.of("provider_ref", TEXT),
                Column.of("updated_at", TIMESTAMP));
        NOTE.key("id").cols(Column.ref("client_id", CLIENT, false), Column.ref("session_id", SESSION, false),
                Column.of("author_email", EMAIL), Column.of("title", TEXT), Column.of("body", TEXT), Column.of("is_private", BOOLEAN),
                Column.of("created_at", TIMESTAMP), Column.of("updated_at", TIMESTAMP));
        FILE.key("id").cols(Column.ref("client_id", CLIENT, false), Column.ref("note_id", NOTE, false),
                Column.required("filename", TEXT), Column.of("mime_type", TEXT), Column.of("size_bytes", INTEGER),
                Column.of("path", TEXT), Column.of("url", URL), Column.of("created_at", TIMESTAMP));
        CUSTOM_FIELD.key("entity", "key").cols(Column.oneOf("entity", "client", "company", "session", "enrollment").andRequired(),
                Column.required("key", TEXT), Column.of("label", TEXT),
                Column.oneOf("type", "text", "long_text", "number", "decimal", "date", "datetime", "boolean", "single_select",
                        "multi_select", "url", "email", "phone").andRequired(),
                Column.of("options", LIST));
    }

    private ProfiObject key(String... names) {
        for (String name : names) {
            keyColumns.add(name);
            columns.put(name, Column.required(name, ID));
        }
        return this;
    }

    private ProfiObject cols(Column... cols) {
        for (Column c : cols) {
            columns.put(c.name(), c);
        }
        return this;
    }

    private void customFields(String entity) {
        this.customFieldEntity = entity;
    }

    public String collection() {
        return collection;
    }

    public String fileName() {
        return collection + ".csv";
    }

    public String typeName() {
        return typeName;
    }

    public List<String> keyColumns() {
        return List.copyOf(keyColumns);
    }

    /** The standard columns in contract order. */
    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** The custom_fields.csv entity whose {@code cf_*} columns this file may carry, if any. */
    public Optional<String> customFieldEntity() {
        return Optional.ofNullable(customFieldEntity);
    }

    /** The column that carries the source's last-change time, if the file has one. */
    public Optional<String> updatedAtColumn() {
        if (columns.containsKey("updated_at")) {
            return Optional.of("updated_at");
        }
        return columns.containsKey("created_at") ? Optional.of("created_at") : Optional.empty();
    }

    /**
     * The order a source is staged in: custom-field definitions first, because they decide how the {@code cf_*}
     * columns of the other files are checked; then load order.
     */
    public static List<ProfiObject> stagingOrder() {
        List<ProfiObject> order = new ArrayList<>(List.of(values()));
        order.remove(CUSTOM_FIELD);
        order.add(0, CUSTOM_FIELD);
        return order;
    }

    /** The record key: the id, or the key columns joined by {@code :}; null when a key column is empty. */
    public String keyOf(Map<String, String> fields) {
        if (keyColumns.size() == 1) {
            return blankToNull(fields.get(keyColumns.get(0)));
        }
        StringBuilder key = new StringBuilder();
        for (String c : keyColumns) {
            String v = blankToNull(fields.get(c));
            if (v == null) {
                return null;
            }
            if (key.length() > 0) {
                key.append(':');
            }
            key.append(v);
        }
        return key.toString();
    }

    public static Optional<ProfiObject> byTypeName(String typeName) {
        for (ProfiObject o : values()) {
            if (o.typeName.equals(typeName) || o.collection.equals(typeName)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
