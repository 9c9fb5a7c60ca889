package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code file-attachment}, on a file's annotation.
 *
 * <ul>
 *   <li>Where: the record its note went to (the note's session task, else the note's client), else the file's
 *       client ({@code objectid_task}/{@code objectid_contact}/{@code objectid_lead}, see
 *       {@link NoteOnClientOrSessionRule#target}); a note not in the export falls back to the client (flagged);
 *       with no place at all the file is rejected.</li>
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
        if (noteId != null && !noteId.isBlank()) {
            Optional<ProfiRecord> note = ctx.related().get("note", noteId.strip());
            if (note.isPresent()) {
                target = NoteOnClientOrSessionRule.target(note.get().get("session_id"), note.get().get("client_id"), ctx);
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
}
