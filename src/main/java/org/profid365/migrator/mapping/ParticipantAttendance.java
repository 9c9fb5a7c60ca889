package org.profid365.migrator.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * The session status a group participant's task takes ({@code options.participantAttendance}): a participant's own
 * {@code attendance} decides what happened to that participant, within what happened to the session.
 *
 * <ol>
 *   <li>A cancelled or late-cancelled session stays so for everybody: it did not take place, whatever a
 *       participant's attendance says.</li>
 *   <li>No attendance (a session still to come) keeps the session's status.</li>
 *   <li>Otherwise the option maps the attendance to a session status; {@value #SESSION} keeps the session's. An
 *       attendance the option does not name keeps the session's status, flagged.</li>
 * </ol>
 */
public final class ParticipantAttendance {

    /** The option value that keeps the session's own status. */
    public static final String SESSION = "session";

    /** The statuses of {@code sessions.csv}: what the option may map an attendance to, besides {@value #SESSION}. */
    public static final List<String> STATUSES = List.of("requested", "scheduled", "completed", "cancelled", "late_cancelled",
            "no_show");

    /**
     * attended → completed (the participant was there, even when the session's own client was not); absent → no_show
     * (the object map closes it as canceled, like an individual no-show); cancelled → cancelled (the participant gave
     * up the place).
     */
    public static final Map<String, String> DEFAULTS = defaults();

    private ParticipantAttendance() {
    }

    /** A participant task's status, and why when it is not simply the session's. */
    public record Outcome(String status, String flag) {
    }

    /**
     * The participants of a session that get a task of their own, by client id in file order: each client once (its
     * first row), the session's own client left out.
     */
    public static Map<String, Outcome> participants(ProfiRecord session, RuleContext ctx) {
        Map<String, String> option = ctx.mapping().options().participantAttendance();
        String own = strip(session.get("client_id"));
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (ProfiRecord p : ctx.related().participants(session.profiId())) {
            String client = strip(p.get("client_id"));
            if (client != null && !client.equals(own) && !out.containsKey(client)) {
                out.put(client, of(session.get("status"), client, p.get("attendance"), option));
            }
        }
        return out;
    }

    /** The status of participant {@code clientId}'s task; a null option means {@link #DEFAULTS}. */
    public static Outcome of(String sessionStatus, String clientId, String attendance, Map<String, String> option) {
        String session = lower(sessionStatus);
        String seen = lower(attendance);
        if ("cancelled".equals(session) || "late_cancelled".equals(session) || seen == null) {
            return new Outcome(session, null);
        }
        Map<String, String> map = option == null ? DEFAULTS : option;
        String mapped = map.get(seen);
        if (mapped == null) {
            return new Outcome(session, "participant " + clientId + " attendance '" + seen
                    + "' is not in options.participantAttendance: the session's status " + name(session) + " applies");
        }
        if (SESSION.equals(mapped) || mapped.equals(session)) {
            return new Outcome(session, null);
        }
        return new Outcome(mapped, "participant " + clientId + " " + seen + ": task status " + mapped
                + " instead of the session's " + name(session) + " (options.participantAttendance)");
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("attended", "completed");
        m.put("absent", "no_show");
        m.put("cancelled", "cancelled");
        return Collections.unmodifiableMap(m);
    }

    private static String name(String status) {
        return status == null ? "(none)" : status;
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
