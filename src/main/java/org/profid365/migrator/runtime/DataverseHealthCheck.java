package org.profid365.migrator.runtime;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.service.ServiceSupport;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.AppUser;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.DataverseRequest;

/** UP when Dataverse answers WhoAmI to every configured application user. */
final class DataverseHealthCheck extends AbstractHealthCheck {

    static final String ID = "dataverse";

    private final MigratorConfig probeConfig;
    /** Opened on the first check and kept, so MSAL's token cache spares Entra ID a request per probe. */
    private DataverseConnection connection;

    DataverseHealthCheck(MigratorConfig config, Duration timeout) {
        super("migrator", ID);
        String millis = Long.toString(timeout.toMillis());
        // A probe answers now: no retries (the next probe is the retry) and every wait bounded by the check's time-out
        this.probeConfig = config.with("dataverse.client.give-up-after-seconds", "0")
                .with("dataverse.client.connect-timeout-ms", millis)
                .with("dataverse.client.response-timeout-ms", millis)
                .with("dataverse.client.connection-request-timeout-ms", millis)
                .with("dataverse.client.token-timeout-ms", millis);
    }

    /** Readiness only: Dataverse being away is not cured by restarting the migrator. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DataverseConnection dv;
        try {
            dv = connection();
        } catch (ConfigurationException | DataverseException e) {
            builder.message("The Dataverse client cannot be set up: " + e.getMessage()).down();
            return;
        }
        for (AppUser user : dv.users().users()) {
            try {
                dv.client().execute(user, DataverseRequest.get("WhoAmI")).requireSuccess();
            } catch (DataverseException e) {
                builder.message("WhoAmI as application user '" + user.name() + "' failed: " + e.error()).down();
                return;
            }
        }
        builder.message("Dataverse answered WhoAmI for " + dv.users().users().size() + " application user(s)").up();
    }

    private DataverseConnection connection() throws ConfigurationException {
        if (connection == null) {
            DataverseConnection opened = DataverseConnection.open(getCamelContext(), probeConfig);
            try {
                // closed with Camel, like the camel-http endpoint it created there
                getCamelContext().addService(new ClosesOnStop(opened), true);
            } catch (Exception e) {
                opened.close();
                throw new ConfigurationException("The Dataverse health check cannot register with Camel: " + e.getMessage(), e);
            }
            connection = opened;
        }
        return connection;
    }

    private static final class ClosesOnStop extends ServiceSupport {
        private final AutoCloseable resource;

        ClosesOnStop(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
