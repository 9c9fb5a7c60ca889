package org.profid365.migrator.sim.dataverse;

/** Who sends the request being handled, and how many records it has touched so far (its execution cost). */
final class RequestContext {

    final AppUser user;
    /** One instance for every row the request writes (createdby, modifiedby, ownerid): stored rows share it. */
    private final SimRef userRef;
    private int records;

    RequestContext(AppUser user) {
        this.user = user;
        this.userRef = new SimRef("systemuser", user.systemUserId());
    }

    SimRef userRef() {
        return userRef;
    }

    void count(int more) {
        records += more;
    }

    int records() {
        return records;
    }
}
