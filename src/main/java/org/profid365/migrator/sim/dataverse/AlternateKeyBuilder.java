package org.profid365.migrator.sim.dataverse;

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
        key.status = state.store.hasDuplicateKeys(table.logicalName, key.attributes) ? "Failed" : "Active";
    }
}
