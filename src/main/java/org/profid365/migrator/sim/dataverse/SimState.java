package org.profid365.migrator.sim.dataverse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Everything the handlers share: options, schema, rows, and the org's seeded ids. */
final class SimState {

    static final String DEFAULT_PUBLISHER = "DefaultPublisher";

    final DataverseSimOptions options;
    final MetadataStore metadata;
    final RecordStore store;
    final UUID organizationId = SimTable.stableId("organization");
    final UUID businessUnitId = SimTable.stableId("businessunit");
    /** Every row's owningbusinessunit: one instance, shared by the rows. */
    final SimRef businessUnit = new SimRef("businessunit", businessUnitId);
    final UUID usdId = SimTable.stableId("currency:USD");
    final UUID eurId = SimTable.stableId("currency:EUR");
    final UUID teamId = SimTable.stableId("team:default");
    /** Explicit bulk support switches: "table/message" to supported; absent = supported. */
    final Map<String, Boolean> bulkSupport = new ConcurrentHashMap<>();
    volatile String baseUrl = "http://127.0.0.1/api/data/v9.2/";
    /** Runs the asynchronous metadata work (alternate keys turning Active). */
    final java.util.concurrent.ScheduledExecutorService background =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dataverse-sim-background");
                t.setDaemon(true);
                return t;
            });

    SimState(DataverseSimOptions options) {
        this.options = options;
        this.metadata = new MetadataStore(StandardTables.load());
        this.store = new RecordStore(options.seed());
        seed();
    }

    SimRef baseCurrency() {
        return new SimRef("transactioncurrency", "EUR".equals(options.baseCurrency()) ? eurId : usdId);
    }

    Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Stores a row the org starts with (or a simulator-made user), with the audit columns set. */
    SimRecord seedRow(String table, UUID id, Map<String, Object> values) {
        return store.atomically(() -> {
            Map<String, Object> all = new LinkedHashMap<>(values);
            SimTable simTable = metadata.table(table);
            all.put(simTable.primaryId, id);
            Instant now = now();
            all.putIfAbsent("createdon", now);
            all.putIfAbsent("modifiedon", now);
            long version = store.nextVersion();
            all.put("versionnumber", version);
            SimRecord record = new SimRecord(table, id, all, version);
            store.put(record);
            return record;
        });
    }

    private void seed() {
        boolean eurBase = "EUR".equals(options.baseCurrency());
        seedRow("transactioncurrency", usdId, currency("USD", "US Dollar", "$", eurBase ? "1.0870000000" : "1.0000000000"));
        seedRow("transactioncurrency", eurId, currency("EUR", "Euro", "€", eurBase ? "1.0000000000" : "0.9200000000"));
        seedRow("team", teamId, Map.of("name", "Default team"));
        UUID defaultPublisher = SimTable.stableId("publisher:" + DEFAULT_PUBLISHER);
        seedRow("publisher", defaultPublisher, publisher(DEFAULT_PUBLISHER, "Default Publisher", "new", 10_000));
        String prefix = options.publisherPrefix();
        seedRow("publisher", SimTable.stableId("publisher:" + prefix),
                publisher(prefix, prefix, prefix, options.publisherOptionValuePrefix()));
        Map<String, Object> solution = new LinkedHashMap<>();
        solution.put("uniquename", "Default");
        solution.put("friendlyname", "Default Solution");
        solution.put("version", "1.0");
        solution.put("publisherid", new SimRef("publisher", defaultPublisher));
        seedRow("solution", SimTable.stableId("solution:Default"), solution);
    }

    static Map<String, Object> currency(String iso, String name, String symbol, String rate) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("isocurrencycode", iso);
        values.put("currencyname", name);
        values.put("currencysymbol", symbol);
        values.put("exchangerate", new BigDecimal(rate));
        values.put("currencyprecision", 2);
        return values;
    }

    private static Map<String, Object> publisher(String unique, String friendly, String prefix, int optionPrefix) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("uniquename", unique);
        values.put("friendlyname", friendly);
        values.put("customizationprefix", prefix);
        values.put("customizationoptionvalueprefix", optionPrefix);
        return values;
    }

    /** The publisher row whose customization prefix is {@code prefix} (case-insensitive), or null. */
    SimRecord publisherWithPrefix(String prefix) {
        for (SimRecord row : store.rows("publisher")) {
            Object p = row.get("customizationprefix");
            if (p != null && p.toString().equalsIgnoreCase(prefix)) {
                return row;
            }
        }
        return null;
    }

    SimRecord solution(String uniqueName) {
        for (SimRecord row : store.rows("solution")) {
            if (uniqueName.equalsIgnoreCase(String.valueOf(row.get("uniquename")))) {
                return row;
            }
        }
        return null;
    }

    void close() {
        background.shutdownNow();
    }

    String entityUrl(SimTable table, UUID id) {
        return baseUrl + table.entitySet + "(" + id + ")";
    }
}
