package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code file-attachment}, on a file's annotation.
 *
 * <ul>
 *   <li>Where: the record its note went to (the note's session task, else the note's client), else the file's
 *       client ({@code objectid_task}/{@code objectid_contact}/{@code objectid_lead}, see
 *       {@link NoteOnClientOrSessionRule#target}); a note not in the export falls back to the client (flagged);
 *       with no place at all the file is rejected.</li>
 *   <li>Owner: files.csv names none, so the mapping's related owner field says whose email it is
 *       ({@code client.owner_email} in the default: the file's client, else its note's client), resolved like any
 *       owner field. Dataverse gives a new annotation the creating user as owner, not its parent's, so without this
 *       bind every file would belong to the migration's application user.</li>
 *   <li>{@code subject} = the filename.</li>
 *   <li>With a {@code path}: {@code isdocument} true; the bytes ({@link RuleContext#fileBytes}) become
 *       {@code documentbody} (base64) up to {@code attachmentInlineMaxBytes} bytes; a larger file keeps no
 *       {@code documentbody} and carries the flag {@value #BLOCK_UPLOAD_FLAG} (the writer uploads it in blocks);
 *       a file whose base64 size is over the org's limit, or whose bytes are missing, is rejected naming the file.
 *       No {@code mime_type}: {@code application/octet-stream}, flagged.</li>
 *   <li>Without a path (a {@code url} file): no document; the link is the note text the mapper wrote.</li>
 * </ul>
 */
public final class FileAttachmentRule implements Rule {

    public static final String NAME = "file-attachment";
    /** The flag (prefix) that tells the writer to upload this file's bytes in blocks after the create. */
    public static final String BLOCK_UPLOAD_FLAG = "block upload";
    static final int SUBJECT_MAX = 500;

    @Override
    public String name() {
        return NAME;
    }

    /** The size of {@code bytes} bytes in base64 (what the org's attachment limit measures). */
    public static long base64Size(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        ObjectNode p = m.payload();
        List<String> flags = new ArrayList<>();

        NoteOnClientOrSessionRule.Target target = null;
        String noteId = record.get("note_id");
        ProfiRecord note = null;
        if (noteId != null && !noteId.isBlank()) {
            note = ctx.related().get("note", noteId.strip()).orElse(null);
            if (note != null) {
                target = NoteOnClientOrSessionRule.target(note.get("session_id"), note.get("client_id"), ctx);
            } else {
                flags.add("note " + noteId.strip() + " is not in the export: the file goes on its client");
            }
        }
        if (target == null) {
            target = NoteOnClientOrSessionRule.target(null, record.get("client_id"), ctx);
        }
        if (target == null) {
            throw RuleContext.reject(record, "client_id", "file '" + record.get("filename")
                    + "' has neither a note nor a client to be attached to");
        }
        NoteOnClientOrSessionRule.OBJECT_BINDS.forEach(p::remove);
        p.put(target.navigation() + "@odata.bind", target.bind());
        owner(record, note, m.table(), p, flags, ctx);

        String filename = record.get("filename") == null ? "" : record.get("filename").strip();
        if (!filename.isEmpty()) {
            p.put("subject", RuleContext.limit(record, "filename", "subject", filename, SUBJECT_MAX, "truncate", flags));
        }

        p.remove("documentbody");
        String path = record.get("path");
        if (path != null && !path.isBlank()) {
            path = path.strip();
            if (ctx.fileBytes() == null) {
                throw new IllegalStateException("rule " + NAME + " needs the bytes of exported files");
            }
            byte[] bytes = ctx.fileBytes().apply(path);
            if (bytes == null) {
                throw RuleContext.reject(record, "path", "file '" + filename + "' (files/" + path
                        + ") is not in the export");
            }
            long size = bytes.length;
            long encoded = base64Size(size);
            if (encoded > ctx.orgAttachmentLimitBytes()) {
                throw RuleContext.reject(record, "path", "file '" + filename + "' (files/" + path + ") is " + size
                        + " bytes (" + encoded + " as base64), over the organisation's attachment limit of "
                        + ctx.orgAttachmentLimitBytes() + " bytes (base64)");
            }
            p.put("isdocument", true);
            if (!p.hasNonNull("mimetype")) {
                p.put("mimetype", "application/octet-stream");
                flags.add("file has no mime_type: application/octet-stream written to mimetype");
            }
            if (size > ctx.attachmentInlineMaxBytes()) {
                flags.add(BLOCK_UPLOAD_FLAG + ": files/" + path + " is " + size
                        + " bytes, over attachmentInlineMaxBytes " + ctx.attachmentInlineMaxBytes());
            } else {
                p.put("documentbody", Base64.getEncoder().encodeToString(bytes));
            }
        }
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }

    /**
     * Binds {@code ownerid} from the first related owner field of the file's mapping ({@code client.owner_email}):
     * the related record is found through the file's {@code <object>_id}, a client also through the file's note.
     * A related record missing from the export counts as an empty email (the fallback owner), flagged.
     */
    private static void owner(ProfiRecord file, ProfiRecord note, String table, ObjectNode p, List<String> flags,
                              RuleContext ctx) throws RuleContext.Rejected {
        ObjectMapping om = ctx.mapping().objects().get(file.object().typeName());
        for (Map.Entry<String, FieldMapping> f : om.targets().get(table).fields().entrySet()) {
            int dot = f.getKey().indexOf('.');
            if (dot < 0 || !Boolean.TRUE.equals(f.getValue().owner())) {
                continue;
            }
            String object = f.getKey().substring(0, dot);
            String id = strip(file.get(object + "_id"));
            if (id == null && "client".equals(object) && note != null) {
                id = strip(note.get("client_id"));
            }
            ProfiRecord related = "note".equals(object) ? note
                    : id == null ? null : ctx.related().get(object, id).orElse(null);
            if (related == null && id != null) {
                flags.add(f.getKey() + ": " + object + " " + id + " is not in the export, so the file has no owner email");
            }
            String email = related == null ? null : strip(related.get(f.getKey().substring(dot + 1)));
            if (ctx.mapper() == null) {
                throw new IllegalStateException("rule " + NAME + " needs the mapper to resolve " + f.getKey());
            }
            String problem = ctx.mapper().bindOwner(p, f.getKey(), email == null ? "" : email, flags);
            if (problem != null) {
                throw RuleContext.reject(file, f.getKey(), "field " + f.getKey() + " " + problem);
            }
            return; // a record has one owner: the first owner field decides
        }
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
