package org.profid365.migrator.dataverse;

import java.util.Objects;

/** A token issued outside the migrator ({@code DATAVERSE_TOKEN}); it cannot be renewed, so a 401 is final. */
public final class FixedTokenSource implements TokenSource {

    private final String token;

    public FixedTokenSource(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String renewedToken() {
        return token; // nothing to renew from: the caller sees the second 401 and reports it
    }

    @Override
    public String toString() {
        return "FixedTokenSource[****]";
    }
}
