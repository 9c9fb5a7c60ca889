package org.profid365.migrator.sim.dataverse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds alternate-key indexes in the background: after {@code keyActivationDelayMillis} a key turns Active, or
 * Failed when existing rows already share key values [define-alternate-keys-entity].
 */
final class AlternateKeyBuilder {

    private final SimState state;

    AlternateKeyBuilder(SimState state) {
        this.state = state;
    }

    void schedule(SimTable table, SimAlternateKey key) {
        state.background.schedule(() -> state.store.atomically(() -> build(table, key)),
                state.options.keyActivationDelayMillis(), TimeUnit.MILLISECONDS);
    }

    private void build(SimTable table, SimAlternateKey key) {
        Set<List<String>> seen = new HashSet<>();
        for (SimRecord row : state.store.rows(table.logicalName)) {
            List<String> values = new ArrayList<>();
            for (String attribute : key.attributes) {
                Object value = row.get(attribute);
                values.add(value == null ? null : ODataFilter.normalize(value).toString().toLowerCase(Locale.ROOT));
            }
            if (!values.contains(null) && !seen.add(values)) {
                key.status = "Failed";
                return;
            }
        }
        key.status = "Active";
    }
}
