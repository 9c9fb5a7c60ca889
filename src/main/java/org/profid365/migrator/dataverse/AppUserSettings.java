package org.profid365.migrator.dataverse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;

/**
 * How one Dataverse application user signs in: a pre-issued token, or an Entra ID app registration with a
 * client secret or a PKCS#12 certificate. {@link #toString()} never shows a secret.
 */
public record AppUserSettings(
        String name,
        String clientId,
        String tenantId,
        String authority,
        String clientSecret,
        Path certificatePath,
        String certificatePassword,
        String fixedToken) {

    /** How the user proves who it is. */
    public enum Credential { FIXED_TOKEN, CLIENT_SECRET, CERTIFICATE }

    /** The name of the single user described by the {@code DATAVERSE_*} settings. */
    public static final String DEFAULT_NAME = "default";

    /**
     * The application users listed in {@code dataverse.app-users} (each with {@code dataverse.app-user.<name>.*}
     * settings), or the single user of {@code dataverse.client-id} / {@code dataverse.token} when none are listed.
     * Tenant and authority fall back to the shared {@code dataverse.tenant-id} / {@code dataverse.authority}.
     */
    public static List<AppUserSettings> from(MigratorConfig config) {
        String list = config.get("dataverse.app-users");
        List<AppUserSettings> users = new ArrayList<>();
        if (list == null) {
            users.add(new AppUserSettings(DEFAULT_NAME,
                    config.get("dataverse.client-id"),
                    config.get("dataverse.tenant-id"),
                    config.get("dataverse.authority"),
                    config.get("dataverse.client-secret"),
                    pathOrNull(config.get("dataverse.client.certificate-path")),
                    config.get("dataverse.client.certificate-password"),
                    config.get("dataverse.token")));
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (String raw : list.split(",")) {
                String n = raw.trim();
                if (n.isEmpty()) {
                    continue;
                }
                if (!n.matches("[A-Za-z0-9_-]+")) {
                    throw new ConfigurationException("dataverse.app-users: '" + n
                            + "' is not a valid name (letters, digits, '-' and '_')");
                }
                if (!names.add(n)) {
                    throw new ConfigurationException("dataverse.app-users lists '" + n + "' twice");
                }
            }
            for (String n : names) {
                String p = "dataverse.app-user." + n + ".";
                users.add(new AppUserSettings(n,
                        config.get(p + "client-id"),
                        config.get(p + "tenant-id", config.get("dataverse.tenant-id")),
                        config.get(p + "authority", config.get("dataverse.authority")),
                        config.get(p + "client-secret"),
                        pathOrNull(config.get(p + "certificate-path")),
                        config.get(p + "certificate-password"),
                        config.get(p + "token")));
            }
        }
        if (users.isEmpty()) {
            throw new ConfigurationException("dataverse.app-users is set but names no application user");
        }
        users.forEach(AppUserSettings::credential); // fail at start-up, not at the first request
        return List.copyOf(users);
    }

    private static Path pathOrNull(String s) {
        return s == null ? null : Path.of(s);
    }

    /** Which credential these settings describe; a half-configured or ambiguous user is refused. */
    public Credential credential() {
        if (fixedToken != null) {
            return Credential.FIXED_TOKEN;
        }
        if (clientId == null) {
            throw new ConfigurationException("Application user '" + name + "': set " + key("client-id")
                    + " (or " + key("token") + " for a pre-issued token)");
        }
        if (certificatePath != null && clientSecret != null) {
            throw new ConfigurationException("Application user '" + name + "': set either " + key("client-secret")
                    + " or " + key("certificate-path") + ", not both");
        }
        if (certificatePath != null) {
            return Credential.CERTIFICATE;
        }
        if (clientSecret != null) {
            return Credential.CLIENT_SECRET;
        }
        throw new ConfigurationException("Application user '" + name + "' has no credential: set "
                + key("client-secret") + " or " + key("certificate-path"));
    }

    /**
     * The Entra ID authority: the configured URL, else {@code https://login.microsoftonline.com/<tenant>/}.
     * [authenticate-oauth]
     */
    public String authorityUrl() {
        if (authority != null) {
            return authority.endsWith("/") ? authority : authority + "/";
        }
        if (tenantId == null) {
            throw new ConfigurationException("Application user '" + name + "': set " + key("tenant-id") + " or "
                    + key("authority"));
        }
        return "https://login.microsoftonline.com/" + tenantId + "/";
    }

    private String key(String suffix) {
        if (DEFAULT_NAME.equals(name)) {
            return switch (suffix) {
                case "certificate-path" -> "dataverse.client.certificate-path";
                case "client-id" -> "dataverse.client-id (DATAVERSE_CLIENT_ID)";
                case "client-secret" -> "dataverse.client-secret (DATAVERSE_CLIENT_SECRET)";
                case "tenant-id" -> "dataverse.tenant-id (DATAVERSE_TENANT_ID)";
                case "authority" -> "dataverse.authority (DATAVERSE_AUTHORITY)";
                case "token" -> "dataverse.token (DATAVERSE_TOKEN)";
                default -> "dataverse." + suffix;
            };
        }
        return "dataverse.app-user." + name + "." + suffix;
    }

    @Override
    public String toString() {
        return "AppUserSettings[name=" + name + ", clientId=" + clientId + ", authority="
                + (authority != null ? authority : tenantId) + ", credential="
                + (fixedToken != null ? "token" : certificatePath != null ? "certificate " + certificatePath
                        : clientSecret != null ? "secret" : "none") + "]";
    }
}
