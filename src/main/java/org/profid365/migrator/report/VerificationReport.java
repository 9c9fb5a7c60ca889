package org.profid365.migrator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.profid365.migrator.verify.DiffSummary;
import org.profid365.migrator.verify.FieldComparison.Status;
import org.profid365.migrator.verify.Verification;

/** A verification as a console summary, a JSON document and a self-contained HTML page (sortable, filterable). */
public final class VerificationReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerificationReport() {
    }

    public static String text(Verification.Result r) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        TextTable types = new TextTable("Object", "Source", "Staged", "Loaded", "Dead letters", "Pending", "Deleted");
        for (Verification.TypeCounts t : r.types()) {
            types.row(t.objectType() + (t.written() ? "" : " (read through)"), t.source(), t.staged(), t.loaded(),
                    t.deadLettered(), t.pending(), t.deleted());
        }
        out.append("Records per object type").append(nl).append(types.render()).append(nl);
        TextTable tables = new TextTable("Table", "Written", "In Dynamics", "Missing", "Others", "Unconfirmed");
        for (Verification.TableCounts t : r.tables()) {
            tables.row(t.table(), t.written(), t.present(), t.missing(), t.others(), t.unconfirmed());
        }
        out.append("Records per table").append(nl).append(tables.render()).append(nl);
        DiffSummary s = r.fields();
        out.append(String.format("Fields compared: %,d match, %,d transformed, %,d mismatch, %,d not migrated (%,d records); "
                        + "%,d lookups and %,d owners checked%n", s.total(Status.MATCH), s.total(Status.TRANSFORMED),
                s.total(Status.MISMATCH), s.total(Status.NOT_MIGRATED), s.records(), r.lookupsChecked(), r.ownersChecked()));
        if (r.discrepancies() == 0) {
            out.append("Verification: OK, no discrepancy").append(nl);
        } else {
            out.append("Verification: ").append(r.discrepancies()).append(" discrepancy(ies):");
            r.discrepanciesByKind().forEach((k, n) -> {
                if (n > 0) {
                    out.append(' ').append(k).append(' ').append(n);
                }
            });
            out.append(nl);
            r.listed().stream().limit(20).forEach(d -> out.append("  - ").append(d.kind()).append(": ")
                    .append(d.objectType().isEmpty() ? "" : d.objectType() + " " + d.profiId() + " ")
                    .append(d.table().isEmpty() ? "" : "(" + d.table() + " " + d.targetId() + ") ")
                    .append(d.field().isEmpty() ? "" : d.field() + " → " + d.column() + ": expected '" + d.expected()
                            + "', found '" + d.actual() + "' ")
                    .append(HtmlPage.oneLine(d.detail())).append(nl));
            if (r.discrepancies() > 20) {
                out.append("  … see the report for the rest").append(nl);
            }
        }
        return out.toString();
    }

    /** Writes {@code dir/verify.json}. */
    public static Path writeJson(Verification.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("verify.json");
        Files.writeString(file, JSON.writeValueAsString(json(r)), StandardCharsets.UTF_8);
        return file;
    }

    static ObjectNode json(Verification.Result r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", r.runId());
        root.put("generated_at", Instant.now().toString());
        root.put("ok", r.discrepancies() == 0);
        root.put("discrepancies", r.discrepancies());
        ObjectNode kinds = root.putObject("discrepancies_by_kind");
        r.discrepanciesByKind().forEach(kinds::put);
        ArrayNode types = root.putArray("object_types");
        for (Verification.TypeCounts t : r.types()) {
            ObjectNode n = types.addObject();
            n.put("object_type", t.objectType());
            n.put("written_to_a_table", t.written());
            n.put("source", t.source());
            n.put("staged", t.staged());
            n.put("loaded", t.loaded());
            n.put("dead_lettered", t.deadLettered());
            n.put("pending", t.pending());
            n.put("deleted", t.deleted());
        }
        ArrayNode tables = root.putArray("tables");
        for (Verification.TableCounts t : r.tables()) {
            ObjectNode n = tables.addObject();
            n.put("table", t.table());
            n.put("written", t.written());
            n.put("present", t.present());
            n.put("missing", t.missing());
            n.put("other_records", t.others());
            n.put("unconfirmed", t.unconfirmed());
        }
        root.put("lookups_checked", r.lookupsChecked());
        root.put("owners_checked", r.ownersChecked());
        ObjectNode fields = root.putObject("fields");
        fields.put("records_compared", r.fields().records());
        for (Status s : Status.values()) {
            fields.put(s.label().replace(' ', '_'), r.fields().total(s));
        }
        ArrayNode perField = fields.putArray("per_field");
        for (DiffSummary.Tally t : r.fields().fields()) {
            ObjectNode n = perField.addObject();
            n.put("table", t.table());
            n.put("field", t.field());
            for (Status s : Status.values()) {
                n.put(s.label().replace(' ', '_'), t.count(s));
            }
        }
        ArrayNode listed = root.putArray("listed");
        for (Verification.Discrepancy d : r.listed()) {
            ObjectNode n = listed.addObject();
            n.put("kind", d.kind());
            n.put("object_type", d.objectType());
            n.put("profi_id", d.profiId());
            n.put("table", d.table());
            n.put("target_id", d.targetId());
            n.put("field", d.field());
            n.put("column", d.column());
            n.put("expected", d.expected());
            n.put("actual", d.actual());
            n.put("detail", d.detail());
        }
        return root;
    }

    /** Writes {@code dir/verify.html}. */
    public static Path writeHtml(Verification.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("verify.html");
        Files.writeString(file, html(r), StandardCharsets.UTF_8);
        return file;
    }

    static String html(Verification.Result r) {
        StringBuilder h = new StringBuilder(HtmlPage.head("Verification run " + r.runId()));
        h.append(FieldDiffReport.EXTRA_STYLE);
        h.append("<h1>Verification run ").append(r.runId()).append("</h1>\n<p class=\"meta\">Generated ").append(Instant.now())
                .append(" · ").append(r.fields().records()).append(" migrated records compared field by field · ")
                .append(r.lookupsChecked()).append(" lookups and ").append(r.ownersChecked()).append(" owners checked</p>\n");
        if (r.discrepancies() == 0) {
            h.append("<p class=\"ok\">OK: every written record is in Dynamics with the values the mapping expects, every "
                    + "lookup points at a record and every owner is an enabled user.</p>\n");
        } else {
            h.append("<p class=\"failed\">").append(r.discrepancies()).append(" discrepancy(ies):");
            r.discrepanciesByKind().forEach((k, n) -> {
                if (n > 0) {
                    h.append(' ').append(HtmlPage.esc(k)).append(' ').append(n).append(';');
                }
            });
            h.append("</p>\n");
        }
        h.append("<h2>Records per object type</h2>\n<p class=\"meta\">Source = staged + rows never staged (no id, repeated id); "
                + "staged = loaded + dead-lettered (staged ones) + pending + deleted. Dead letters are counted, not "
                + "discrepancies: <code>dead-letters list</code> shows them.</p>\n");
        h.append("<table class=\"sortable\">\n<thead><tr><th>Object</th><th>Source</th><th>Staged</th><th>Loaded</th>")
                .append("<th>Dead-lettered</th><th>Pending</th><th>Deleted</th></tr></thead>\n<tbody>\n");
        for (Verification.TypeCounts t : r.types()) {
            h.append("<tr").append(t.written() && t.pending() > 0 ? " class=\"bad\"" : "").append("><td>")
                    .append(HtmlPage.esc(t.objectType())).append(t.written() ? "" : " <span class=\"muted\">(read through)</span>")
                    .append("</td>").append(FieldDiffReport.num(t.source())).append(FieldDiffReport.num(t.staged()))
                    .append(FieldDiffReport.num(t.loaded())).append(FieldDiffReport.num(t.deadLettered()))
                    .append(FieldDiffReport.num(t.pending())).append(FieldDiffReport.num(t.deleted())).append("</tr>\n");
        }
        h.append("</tbody></table>\n<h2>Records per table</h2>\n<p class=\"meta\">Written = confirmed in the id map = "
                + "present in Dynamics + missing. Others: records of the table the migration did not write.</p>\n");
        h.append("<table class=\"sortable\">\n<thead><tr><th>Table</th><th>Written</th><th>Present in Dynamics</th>")
                .append("<th>Missing</th><th>Other records</th><th>Unconfirmed writes</th></tr></thead>\n<tbody>\n");
        for (Verification.TableCounts t : r.tables()) {
            h.append("<tr").append(t.missing() > 0 || t.unconfirmed() > 0 ? " class=\"bad\"" : "").append("><td>")
                    .append(HtmlPage.esc(t.table())).append("</td>").append(FieldDiffReport.num(t.written()))
                    .append(FieldDiffReport.num(t.present())).append(FieldDiffReport.num(t.missing()))
                    .append(FieldDiffReport.num(t.others())).append(FieldDiffReport.num(t.unconfirmed())).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        FieldDiffReport.summaryTables(h, r.fields());
        h.append("<h2>Discrepancies</h2>\n");
        if (r.listed().isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
        } else {
            if (r.listed().size() < r.discrepancies()) {
                h.append("<p class=\"meta\">The first ").append(r.listed().size()).append(" of ").append(r.discrepancies())
                        .append(" (migrator.verify.max-listed); all are counted above.</p>\n");
            }
            h.append("<div class=\"filters\"><input id=\"q\" type=\"search\" placeholder=\"Filter: any text\"> <select id=\"st\">")
                    .append("<option value=\"\">every kind</option>");
            r.discrepanciesByKind().forEach((k, n) -> {
                if (n > 0) {
                    h.append("<option value=\"").append(HtmlPage.esc(k)).append("\">").append(HtmlPage.esc(k)).append("</option>");
                }
            });
            h.append("</select> <span class=\"muted\"><span id=\"shown\">").append(r.listed().size()).append("</span> shown</span></div>\n");
            h.append("<table id=\"rows\" class=\"sortable\">\n<thead><tr><th>Kind</th><th>Object</th><th>Profi id</th><th>Table</th>")
                    .append("<th>Record id</th><th>Field</th><th>Column</th><th>Expected</th><th>Actual</th><th>Detail</th></tr></thead>\n<tbody>\n");
            for (Verification.Discrepancy d : r.listed()) {
                h.append("<tr data-status=\"").append(HtmlPage.esc(d.kind())).append("\" class=\"bad\">");
                for (String cell : new String[] {d.kind(), d.objectType(), d.profiId(), d.table(), d.targetId(), d.field(),
                        d.column(), d.expected(), d.actual(), d.detail()}) {
                    h.append("<td>").append(HtmlPage.esc(HtmlPage.oneLine(cell))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append(FieldDiffReport.SCRIPT).append("</body>\n</html>\n");
        return h.toString();
    }
}
