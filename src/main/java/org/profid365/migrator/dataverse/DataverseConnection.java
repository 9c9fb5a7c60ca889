package org.profid365.migrator.dataverse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.profid365.migrator.config.MigratorConfig;

/**
 * Everything the migrator uses to talk to Dataverse, wired from the settings: the application users and their
 * pool, the camel-http transport, the retrying client, and the readers and writers on top.
 *
 * <pre>{@code
 * try (DataverseConnection dv = DataverseConnection.open(camelContext, config)) {
 *     dv.startUp();                                            // WhoAmI per user, x-ms-dop-hint
 *     List<WriteOutcome> out = dv.bulkWriter().upsert(TableRef.CONTACT, records);
 *     dv.reader().forEach(ODataQuery.from("contacts").select("contactid"), row -> ...);
 *     TableRef coach = dv.metadata().tableRef("profi_coach");
 * }
 * }</pre>
 */
public final class DataverseConnection implements AutoCloseable {

    private final DataverseHttp http;
    private final DataverseClient client;
    private final BulkWriter bulkWriter;
    private final RecordWriter recordWriter;
    private final RecordReader reader;
    private final MetadataClient metadata;

    private DataverseConnection(DataverseHttp http, DataverseClient client) {
        this.http = http;
        this.client = client;
        this.bulkWriter = new BulkWriter(client, new BulkMessageSupport(client));
        this.recordWriter = new RecordWriter(client);
        this.reader = new RecordReader(client);
        this.metadata = new MetadataClient(client);
    }

    /** Wires the client from {@code dataverse.*} settings: token sources per application user, MSAL or fixed. */
    public static DataverseConnection open(CamelContext camel, MigratorConfig config) {
        DataverseSettings settings = DataverseSettings.from(config);
        List<TokenSource> sources = new ArrayList<>();
        List<AppUserSettings> users = AppUserSettings.from(config);
        for (AppUserSettings u : users) {
            sources.add(TokenSource.forUser(u, settings.environmentUrl(), settings.tokenTimeout()));
        }
        List<String> names = users.stream().map(AppUserSettings::name).toList();
        return open(camel, settings, names, sources, Clock.systemUTC());
    }

    /** Wires the client with given token sources (one per name); tests stand in for Entra ID this way. */
    public static DataverseConnection open(CamelContext camel, DataverseSettings settings, List<String> userNames,
            List<TokenSource> tokenSources, Clock clock) {
        if (userNames.size() != tokenSources.size()) {
            throw new IllegalArgumentException("one token source per application user");
        }
        List<AppUser> users = new ArrayList<>();
        int start = settings.initialConcurrency() > 0 ? settings.initialConcurrency() : 1;
        for (int i = 0; i < userNames.size(); i++) {
            users.add(new AppUser(userNames.get(i), tokenSources.get(i), new ThrottlingBudget(start,
                    settings.maxInFlightPerUser(), settings.growAfterSuccesses(), clock)));
        }
        DataverseHttp http = new DataverseHttp(camel, settings, users.size());
        DataverseClient client = new DataverseClient(http, new AppUserPool(users, clock), settings, clock);
        return new DataverseConnection(http, client);
    }

    /** WhoAmI per application user; each user's concurrency then starts at its {@code x-ms-dop-hint}. */
    public List<WhoAmI> startUp() {
        return client.startUp();
    }

    public DataverseClient client() {
        return client;
    }

    public BulkWriter bulkWriter() {
        return bulkWriter;
    }

    public RecordWriter recordWriter() {
        return recordWriter;
    }

    public RecordReader reader() {
        return reader;
    }

    public MetadataClient metadata() {
        return metadata;
    }

    public AppUserPool users() {
        return client.pool();
    }

    @Override
    public void close() {
        bulkWriter.close();
        http.close();
    }
}
