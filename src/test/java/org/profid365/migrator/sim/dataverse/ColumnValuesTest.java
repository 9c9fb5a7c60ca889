package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A row's compact column values answer as the LinkedHashMap they replaced did, and cannot be changed. */
class ColumnValuesTest {

    @Test
    void keeps_order_nulls_and_answers_by_equal_names() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("contactid", "id-1");
        given.put("lastname", "Ng");
        given.put("emailaddress1", null);
        given.put("statecode", 0);
        ColumnValues values = ColumnValues.of(given);
        given.put("lastname", "changed later");

        assertThat(values).containsExactly(Map.entry("contactid", "id-1"), Map.entry("lastname", "Ng"),
                new java.util.AbstractMap.SimpleImmutableEntry<>("emailaddress1", null), Map.entry("statecode", 0));
        // a name built at run time is not the same instance as the literal stored
        String built = new StringBuilder("last").append("name").toString();
        assertThat(values.get(built)).isEqualTo("Ng");
        assertThat(values.containsKey(new String("emailaddress1"))).isTrue();
        assertThat(values.get("emailaddress1")).isNull();
        assertThat(values.containsKey("firstname")).isFalse();
        assertThat(values.get("firstname")).isNull();
        assertThat(values.get(null)).isNull();
        List<String> seen = new ArrayList<>();
        values.forEach((k, v) -> seen.add(k + "=" + v));
        assertThat(seen).containsExactly("contactid=id-1", "lastname=Ng", "emailaddress1=null", "statecode=0");
        assertThat(ColumnValues.of(Map.of())).isEmpty();
        assertThat(ColumnValues.of(values)).isSameAs(values);
    }

    @Test
    void cannot_be_changed() {
        ColumnValues values = ColumnValues.of(Map.of("a", 1));
        assertThatThrownBy(() -> values.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(values::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(values).containsExactly(Map.entry("a", 1));
    }

    @Test
    void equals_a_linked_hash_map_with_the_same_entries_on_random_rows() {
        Random random = new Random(5);
        for (int n = 0; n < 2_000; n++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int k = random.nextInt(40); k > 0; k--) {
                row.put("col" + random.nextInt(60), random.nextInt(10) == 0 ? null : random.nextInt(1000));
            }
            ColumnValues values = ColumnValues.of(row);
            assertThat(values).isEqualTo(row).hasSameHashCodeAs(row).hasSize(row.size());
            assertThat(new ArrayList<>(values.keySet())).isEqualTo(new ArrayList<>(row.keySet()));
            for (int k = 0; k < 60; k++) {
                String name = "col" + k;
                assertThat(values.get(name)).isEqualTo(row.get(name));
                assertThat(values.containsKey(name)).isEqualTo(row.containsKey(name));
            }
            assertThat(new HashMap<>(values)).isEqualTo(row);
        }
    }
}
