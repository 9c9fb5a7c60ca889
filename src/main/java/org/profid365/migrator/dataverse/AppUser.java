package org.profid365.migrator.dataverse;

import java.util.Objects;

/**
 * One Dataverse application user: how it gets tokens, and its own throttling budget (service protection limits
 * are counted per user [api-limits]). {@link #whoAmI()} is filled in at start-up.
 */
public final class AppUser {

    private final String name;
    private final TokenSource tokens;
    private final ThrottlingBudget budget;
    private volatile WhoAmI whoAmI;

    public AppUser(String name, TokenSource tokens, ThrottlingBudget budget) {
        this.name = Objects.requireNonNull(name, "name");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public String name() {
        return name;
    }

    public TokenSource tokens() {
        return tokens;
    }

    public ThrottlingBudget budget() {
        return budget;
    }

    /** The answer of WhoAmI at start-up, or null before it. */
    public WhoAmI whoAmI() {
        return whoAmI;
    }

    void whoAmI(WhoAmI answer) {
        this.whoAmI = answer;
    }

    @Override
    public String toString() {
        return "AppUser[" + name + "]";
    }
}
