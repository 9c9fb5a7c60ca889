package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code note-on-client-or-session}: a note with a {@code session_id} goes on that session's task
 * ({@code objectid_task@odata.bind: /tasks(<RecordIds.of("session", sessionId)>)}), otherwise on its client
 * ({@code objectid_contact} or {@code objectid_lead} by {@link RelatedRecords#clientTable}); the mapper's other
 * {@code objectid_*} binds are removed. A note with neither is rejected. With {@code options.noteHtml: text} the
 * body ({@code notetext}) is converted from HTML to plain text.
 */
public final class NoteOnClientOrSessionRule implements Rule {

    public static final String NAME = "note-on-client-or-session";
    static final List<String> OBJECT_BINDS = List.of("objectid_task@odata.bind", "objectid_contact@odata.bind",
            "objectid_lead@odata.bind", "objectid_account@odata.bind");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        ObjectNode p = m.payload();
        Target t = target(record.get("session_id"), record.get("client_id"), ctx);
        if (t == null) {
            throw RuleContext.reject(record, "client_id", "has neither a session nor a client to be attached to");
        }
        OBJECT_BINDS.forEach(p::remove);
        p.put(t.navigation() + "@odata.bind", t.bind());
        List<String> flags = new ArrayList<>();
        JsonNode body = p.get("notetext");
        if ("text".equals(ctx.mapping().options().noteHtml()) && body != null && body.isTextual()) {
            String text = Transforms.htmlToText(body.textValue());
            if (!text.equals(body.textValue())) {
                p.put("notetext", text);
                flags.add("note body converted from HTML to text (options.noteHtml: text)");
            }
        }
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }

    /** Where an annotation goes: a navigation ({@code objectid_task}) and its bind. */
    public record Target(String navigation, String bind) {
    }

    /** The session's task when there is a session, else the client's contact or lead; null with neither. */
    public static Target target(String sessionId, String clientId, RuleContext ctx) {
        if (sessionId != null && !sessionId.isBlank()) {
            return new Target("objectid_task", ctx.bind("task", "session", sessionId.strip()));
        }
        if (clientId != null && !clientId.isBlank()) {
            String table = ctx.clientTable(clientId.strip());
            return new Target("objectid_" + table, ctx.bind(table, "client", clientId.strip()));
        }
        return null;
    }
}
