package org.profid365.migrator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * A staged payload read back with the streaming parser gives the same fields, in the same order, as the object
 * mapper it replaced, and the record owns them.
 */
class StagedPayloadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, String> byMapper(String payload) throws Exception {
        return MAPPER.readValue(payload, new TypeReference<LinkedHashMap<String, String>>() { });
    }

    @Test
    void same_fields_and_order_as_the_object_mapper() throws Exception {
        List<String> payloads = List.of(
                "{}",
                "{\"id\":\"c-1\",\"email\":\"ana@example.com\",\"first_name\":\"Ana\"}",
                "{\"name\":\"Zoë \\\"the coach\\\" O'Neil\",\"note\":\"line1\\nline2\\ttab \\\\ back\"}",
                "{\"emoji\":\"\uD83D\uDE00 \\ud83d\\ude00\",\"cjk\":\"\u4F60\u597D\",\"escaped\":\"\\u00e9\\u0000x\"}",
                "{\"amount\":1500.00,\"count\":3,\"paid\":true,\"gone\":null,\"neg\":-0.5e3}",
                " { \"spaced\" : \"yes\" , \"dup\":\"1\",\"dup\":\"2\" } ");
        for (String p : payloads) {
            Map<String, String> expected = byMapper(p);
            LinkedHashMap<String, String> actual = StagedRecords.fields(p);
            assertEquals(expected, actual, p);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), p);
        }
        assertEquals("1500.00", StagedRecords.fields("{\"amount\":1500.00}").get("amount"));
        assertNull(StagedRecords.fields("{\"gone\":null}").get("gone"));
        assertTrue(StagedRecords.fields("{\"gone\":null}").containsKey("gone"));
    }

    @Test
    void random_payloads_read_the_same_as_the_object_mapper() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode o = MAPPER.createObjectNode();
            int n = random.nextInt(30);
            for (int k = 0; k < n; k++) {
                o.put("f" + random.nextInt(40), randomText(random));
            }
            String payload = o.toString();
            assertEquals(new ArrayList<>(byMapper(payload).entrySet()), new ArrayList<>(StagedRecords.fields(payload).entrySet()),
                    payload);
        }
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(25);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                b.appendCodePoint(0x1F600 + random.nextInt(50)); // outside the BMP
            } else if (kind == 1) {
                b.append((char) random.nextInt(0x20)); // control characters, escaped in JSON
            } else if (kind == 2) {
                b.append("\"\\/");
            } else {
                b.append((char) (0x20 + random.nextInt(0x3000)));
            }
        }
        return b.toString();
    }

    @Test
    void anything_but_an_object_of_scalars_is_refused_with_the_field() {
        IllegalStateException nested = assertThrows(IllegalStateException.class,
                () -> StagedRecords.fields("{\"id\":\"1\",\"tags\":[\"a\"]}"));
        assertTrue(nested.getMessage().contains("field tags holds START_ARRAY"), nested.getMessage());
        IllegalStateException array = assertThrows(IllegalStateException.class, () -> StagedRecords.fields("[1,2]"));
        assertTrue(array.getMessage().contains("starts with START_ARRAY"), array.getMessage());
        assertThrows(IllegalStateException.class, () -> StagedRecords.fields("{\"id\":\"1\""));
    }

    @Test
    void the_record_keeps_the_parsed_map_read_only_with_its_key() {
        ProfiRecord r = StagedRecords.record(ProfiObject.CLIENT, "{\"id\":\"c-9\",\"email\":\"x@example.com\"}",
                "clients.csv", 12);
        assertEquals("c-9", r.profiId());
        assertEquals("x@example.com", r.get("email"));
        assertEquals("clients.csv line 12", r.location());
        assertThrows(UnsupportedOperationException.class, () -> r.fields().put("email", "y@example.com"));
        assertEquals(new ProfiRecord(ProfiObject.CLIENT, Map.of("id", "c-9", "email", "x@example.com"), "clients.csv", 12)
                .fields(), r.fields());
    }
}
