package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code one-task-per-participant}, on a session's task.
 *
 * <ul>
 *   <li>Regarding: {@code regardingobjectid_contact_task@odata.bind} or {@code regardingobjectid_lead_task@odata.bind}
 *       = {@code /contacts(<client id>)} or {@code /leads(..)}, by {@link RelatedRecords#clientTable}; the other
 *       one is removed.</li>
 *   <li>Subject: the title; when it is empty, the name of the session's service ({@code service_id}), cut to the
 *       title field's length; when that is empty too, the mapper's {@code defaultValue} stays.</li>
 *   <li>Completed sessions: {@code actualstart}/{@code actualend} = the scheduled start/end and
 *       {@code actualdurationminutes} = the duration column, else the minutes between start and end.</li>
 *   <li>One more task per participant of {@code session_participants.csv} whose client is not the session's own
 *       (each client once): a copy of the session's task with id {@code RecordIds.of("session", sessionId,
 *       clientId)}, {@code profi_profiid} = {@code <session id>:<client id>} and regarding that client. When the
 *       participant's attendance gives the task another status ({@link ParticipantAttendance}), the copy carries
 *       that status in the status field's column and actuals only when that status is completed (flagged).</li>
 * </ul>
 */
public final class OneTaskPerParticipantRule implements Rule {

    public static final String NAME = "one-task-per-participant";
    static final String CONTACT_NAV = "regardingobjectid_contact_task@odata.bind";
    static final String LEAD_NAV = "regardingobjectid_lead_task@odata.bind";
    private static final List<String> ACTUALS = List.of("actualstart", "actualend", "actualdurationminutes");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        ObjectNode p = m.payload();
        List<String> flags = new ArrayList<>(m.flags());
        String sessionId = record.profiId();
        String clientId = strip(record.get("client_id"));
        regarding(p, clientId, ctx);
        subject(record, m, p, flags, ctx);
        if ("completed".equals(lower(record.get("status")))) {
            actuals(m.table(), p, ctx);
        }
        writes.set(0, new RuleEngine.Create(new MappedRecord(m.table(), m.id(), p, flags)));

        FieldMapping idField = ctx.field("session", m.table(), "id");
        String sessionStatus = lower(record.get("status"));
        for (Map.Entry<String, ParticipantAttendance.Outcome> participant
                : ParticipantAttendance.participants(record, ctx).entrySet()) {
            String pc = participant.getKey();
            ObjectNode copy = p.deepCopy();
            UUID id = ctx.ids().of("session", sessionId, pc);
            copy.put(RecordMapper.primaryKey(m.table()), id.toString());
            List<String> pf = new ArrayList<>();
            if (idField != null && idField.column() != null) {
                copy.put(idField.column(), RuleContext.limit(record, "id", idField.column(), sessionId + ":" + pc,
                        idField.maxLength(), idField.tooLong(), pf));
            }
            regarding(copy, pc, ctx);
            ParticipantAttendance.Outcome outcome = participant.getValue();
            if (!Objects.equals(outcome.status(), sessionStatus)) {
                status(record, m.table(), copy, outcome.status(), pf, ctx);
            }
            if (outcome.flag() != null) {
                pf.add(outcome.flag());
            }
            writes.add(new RuleEngine.Create(new MappedRecord(m.table(), id, copy, pf)));
        }
    }

    /** A participant's own status on its copy: the status column through its value map, and matching actuals. */
    private static void status(ProfiRecord record, String table, ObjectNode copy, String status, List<String> flags,
                               RuleContext ctx) throws RuleContext.Rejected {
        FieldMapping f = ctx.field("session", table, "status");
        if (f != null && f.column() != null) {
            JsonNode value = ctx.convert(record, "status", f, status, flags);
            if (value == null) {
                copy.remove(f.column());
            } else {
                copy.set(f.column(), value);
            }
        }
        ACTUALS.forEach(copy::remove);
        if ("completed".equals(status)) {
            actuals(table, copy, ctx);
        }
    }

    private static void regarding(ObjectNode p, String clientId, RuleContext ctx) {
        p.remove(CONTACT_NAV);
        p.remove(LEAD_NAV);
        if (clientId == null) {
            return;
        }
        String table = ctx.clientTable(clientId);
        p.put("lead".equals(table) ? LEAD_NAV : CONTACT_NAV, ctx.bind(table, "client", clientId));
    }

    private static void subject(ProfiRecord record, MappedRecord m, ObjectNode p, List<String> flags, RuleContext ctx)
            throws RuleContext.Rejected {
        if (strip(record.get("title")) != null) {
            return;
        }
        String serviceId = strip(record.get("service_id"));
        if (serviceId == null) {
            return;
        }
        Optional<ProfiRecord> service = ctx.related().get("service", serviceId);
        String serviceName = service.map(s -> strip(s.get("name"))).orElse(null);
        if (serviceName == null) {
            return;
        }
        FieldMapping title = ctx.field("session", m.table(), "title");
        String column = title == null || title.column() == null ? "subject" : title.column();
        List<String> cut = new ArrayList<>();
        String value = RuleContext.limit(record, "title", column, serviceName.replaceAll("\\s+", " "),
                title == null ? 200 : title.maxLength(), "truncate", cut);
        p.put(column, value);
        flags.removeIf(f -> f.startsWith("title empty: default"));
        flags.add("title empty: service name '" + serviceName + "' written to " + column);
        flags.addAll(cut);
    }

    private static void actuals(String table, ObjectNode p, RuleContext ctx) {
        String startCol = column(ctx, table, "start_at", "scheduledstart");
        String endCol = column(ctx, table, "end_at", "scheduledend");
        String durationCol = column(ctx, table, "duration_minutes", "profi_durationminutes");
        JsonNode start = p.get(startCol);
        JsonNode end = p.get(endCol);
        if (start != null) {
            p.set("actualstart", start.deepCopy());
        }
        if (end != null) {
            p.set("actualend", end.deepCopy());
        }
        JsonNode duration = p.get(durationCol);
        if (duration != null && duration.isIntegralNumber()) {
            p.set("actualdurationminutes", duration.deepCopy());
        } else if (start != null && end != null) {
            try {
                long minutes = Duration.between(Instant.parse(start.asText()), Instant.parse(end.asText())).toMinutes();
                if (minutes >= 0) {
                    p.put("actualdurationminutes", minutes);
                }
            } catch (DateTimeParseException e) {
                // not written by the datetime transform: leave the duration out
            }
        }
    }

    private static String column(RuleContext ctx, String table, String field, String fallback) {
        FieldMapping f = ctx.field("session", table, field);
        return f == null || f.column() == null ? fallback : f.column();
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
