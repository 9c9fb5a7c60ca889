package org.profid365.migrator.dataverse;

import java.net.URI;
import java.time.Duration;

/**
 * Bearer tokens for one application user. Implementations keep tokens out of logs, exception messages and
 * {@code toString()}.
 */
public interface TokenSource {

    /** A token that is valid now, served from a cache while it lasts. [authenticate-oauth] */
    String token();

    /**
     * A new token, skipping any cache: called once after Dataverse answered 401 to the current one.
     * [authenticate-oauth]
     */
    String renewedToken();

    /** The source the settings ask for: a fixed token, or MSAL with a secret or a certificate. */
    static TokenSource forUser(AppUserSettings user, URI environmentUrl, Duration timeout) {
        return switch (user.credential()) {
            case FIXED_TOKEN -> new FixedTokenSource(user.fixedToken());
            case CLIENT_SECRET, CERTIFICATE -> MsalTokenSource.create(user, environmentUrl, timeout);
        };
    }
}
