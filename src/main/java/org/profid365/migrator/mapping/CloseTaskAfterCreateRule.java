package org.profid365.migrator.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code close-task-after-create}: after every task made from the session is created (the session's own and
 * each participant's), a state change from the task's status — the session's {@code status} for its own task, the
 * status a participant's attendance gives ({@link ParticipantAttendance}) for a participant's: completed →
 * statecode 1 / statuscode 5; cancelled, late_cancelled, no_show → 2 / 6; anything else (requested, scheduled, empty)
 * stays open, no write.
 */
public final class CloseTaskAfterCreateRule implements Rule {

    public static final String NAME = "close-task-after-create";

    @Override
    public String name() {
        return NAME;
    }

    /** The state {@code [statecode, statuscode]} a session status closes its task with, or null for open. */
    public static int[] closedState(String status) {
        if (status == null) {
            return null;
        }
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "completed" -> new int[] {1, 5};
            case "cancelled", "late_cancelled", "no_show" -> new int[] {2, 6};
            default -> null;
        };
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) {
        Map<UUID, String> participantStatus = new HashMap<>();
        ParticipantAttendance.participants(record, ctx).forEach((client, outcome) ->
                participantStatus.put(ctx.ids().of("session", record.profiId(), client), outcome.status()));
        List<RuleEngine.Write> changes = new ArrayList<>();
        for (RuleEngine.Write w : writes) {
            if (w instanceof RuleEngine.Create c && "task".equals(c.table())) {
                int[] state = closedState(participantStatus.getOrDefault(c.id(), record.get("status")));
                if (state != null) {
                    changes.add(new RuleEngine.StateChange(c.table(), c.id(), state[0], state[1]));
                }
            }
        }
        writes.addAll(changes);
    }
}
