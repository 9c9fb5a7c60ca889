package org.profid365.migrator.sim.dataverse;

/** Who sends the request being handled, and how many records it has touched so far (its execution cost). */
final class RequestContext {

    final AppUser user;
    private int records;

    RequestContext(AppUser user) {
        this.user = user;
    }

    SimRef userRef() {
        return new SimRef("systemuser", user.systemUserId());
    }

    void count(int more) {
        records += more;
    }

    int records() {
        return records;
    }
}
