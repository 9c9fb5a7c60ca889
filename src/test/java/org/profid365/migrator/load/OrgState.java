package org.profid365.migrator.load;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;

/** The load tests' name for {@link OrgSnapshot}: a simulated org's state, compared without write times. */
final class OrgState {

    private final OrgSnapshot snapshot;

    private OrgState(OrgSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    static OrgState of(DataverseSimulator sim) throws Exception {
        return new OrgState(OrgSnapshot.of(sim));
    }

    static OrgState of(String stateJson) throws Exception {
        return new OrgState(OrgSnapshot.of(stateJson));
    }

    Map<String, Integer> counts() {
        return snapshot.counts();
    }

    Set<String> closedTasks() {
        return snapshot.closedTasks();
    }

    List<String> differences(OrgState other, int limit) {
        return snapshot.differences(other.snapshot, limit);
    }
}
