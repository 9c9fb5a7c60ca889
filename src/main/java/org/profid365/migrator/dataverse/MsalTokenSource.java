package org.profid365.migrator.dataverse;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.profid365.migrator.config.ConfigurationException;

/**
 * OAuth2 client credentials through msal4j: one {@link ConfidentialClientApplication} per application user, whose
 * token cache serves {@link #token()} until the token nears expiry. [authenticate-oauth]
 */
public final class MsalTokenSource implements TokenSource {

    private final ConfidentialClientApplication app;
    private final AppUserSettings.Credential credential;
    private final String scope;
    private final Duration timeout;

    private MsalTokenSource(ConfidentialClientApplication app, AppUserSettings.Credential credential, String scope,
            Duration timeout) {
        this.app = app;
        this.credential = credential;
        this.scope = scope;
        this.timeout = timeout;
    }

    /** Builds the application for one user; nothing is sent to Entra ID until the first token is asked for. */
    public static MsalTokenSource create(AppUserSettings user, URI environmentUrl, Duration timeout) {
        AppUserSettings.Credential kind = user.credential();
        IClientCredential credential = switch (kind) {
            case CLIENT_SECRET -> ClientCredentialFactory.createFromSecret(user.clientSecret());
            case CERTIFICATE -> certificate(user);
            case FIXED_TOKEN -> throw new IllegalArgumentException("a fixed token needs no MSAL application");
        };
        String authority = user.authorityUrl();
        try {
            ConfidentialClientApplication app = ConfidentialClientApplication.builder(user.clientId(), credential)
                    .authority(authority)
                    .connectTimeoutForDefaultHttpClient((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .readTimeoutForDefaultHttpClient((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .build();
            return new MsalTokenSource(app, kind, scopeFor(environmentUrl), timeout);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigurationException("Application user '" + user.name() + "': authority '" + authority
                    + "' is not usable: " + e.getMessage(), e);
        }
    }

    /** The Dataverse scope is the environment URL followed by {@code /.default}. [authenticate-oauth] */
    static String scopeFor(URI environmentUrl) {
        String base = environmentUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/.default";
    }

    private static IClientCredential certificate(AppUserSettings user) {
        if (!Files.isRegularFile(user.certificatePath())) {
            throw new ConfigurationException("Application user '" + user.name() + "': certificate file "
                    + user.certificatePath() + " does not exist");
        }
        String password = user.certificatePassword() == null ? "" : user.certificatePassword();
        try (InputStream in = Files.newInputStream(user.certificatePath())) {
            return ClientCredentialFactory.createFromCertificate(in, password);
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file, never the password
            throw new ConfigurationException("Application user '" + user.name() + "': certificate "
                    + user.certificatePath() + " cannot be read as PKCS#12 with the configured password ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String token() {
        return acquire(false);
    }

    @Override
    public String renewedToken() {
        return acquire(true);
    }

    private String acquire(boolean skipCache) {
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(scope))
                .skipCache(skipCache)
                .build();
        try {
            IAuthenticationResult result = app.acquireToken(parameters).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result.accessToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataverseException(DataverseError.authentication("interrupted while asking Entra ID for a token"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DataverseException(DataverseError.authentication("Entra ID refused a token for client "
                    + app.clientId() + " at " + app.authority() + ": " + cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new DataverseException(DataverseError.authentication("Entra ID did not answer within "
                    + timeout.toSeconds() + " s (" + app.authority() + ")"));
        }
    }

    /** The authority the application signs in at. */
    public String authority() {
        return app.authority();
    }

    public String clientId() {
        return app.clientId();
    }

    public String scope() {
        return scope;
    }

    public AppUserSettings.Credential credential() {
        return credential;
    }

    @Override
    public String toString() {
        return "MsalTokenSource[client=" + app.clientId() + ", authority=" + app.authority() + ", " + credential + "]";
    }
}
