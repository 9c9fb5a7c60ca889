package org.profid365.migrator.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ColumnType;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Writes a Profi record as the API's JSON object: typed where the cell is a valid value of its column's type,
 * the cell's text unchanged otherwise, so nothing a client must report is lost or altered.
 */
final class ProfiRecordJsonWriter {

    /** JSON integer syntax: the number's JSON text is then exactly the cell's text. */
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    /** A decimal written with a dot and no exponent, in JSON number syntax. */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    private ProfiRecordJsonWriter() {
    }

    static void write(JsonGenerator json, ProfiRecord record) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, String> field : record.fields().entrySet()) {
            ColumnType type = record.object().column(field.getKey()).map(Column::type).orElse(ColumnType.TEXT);
            json.writeFieldName(field.getKey());
            writeValue(json, type, field.getValue());
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, ColumnType type, String text) throws IOException {
        switch (type) {
            case INTEGER -> {
                if (INTEGER.matcher(text).matches()) {
                    json.writeNumber(text); // verbatim: no rounding, no normalisation
                } else {
                    json.writeString(text);
                }
            }
            case DECIMAL -> {
                if (DECIMAL.matcher(text).matches()) {
                    json.writeNumber(text); // verbatim: "120.50" stays 120.50
                } else {
                    json.writeString(text);
                }
            }
            case BOOLEAN -> {
                if (text.equals("true") || text.equals("false")) {
                    json.writeBoolean(text.equals("true"));
                } else {
                    json.writeString(text);
                }
            }
            case LIST -> {
                // no trimming and empty items kept: joining the items with ';' gives back the cell
                json.writeStartArray();
                for (String item : text.split(";", -1)) {
                    json.writeString(item);
                }
                json.writeEndArray();
            }
            default -> json.writeString(text);
        }
    }
}
