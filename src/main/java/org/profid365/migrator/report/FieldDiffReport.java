package org.profid365.migrator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.profid365.migrator.verify.DiffSummary;
import org.profid365.migrator.verify.FieldComparison.Row;
import org.profid365.migrator.verify.FieldComparison.Status;
import org.profid365.migrator.verify.SampleDiff;

/**
 * The field-level diff of a sample run as a self-contained HTML page (summary per table and per field on top, then
 * every field of every record; tables sort by a click on a heading, the rows filter by text and status, in plain
 * JavaScript) and as CSV.
 */
public final class FieldDiffReport {

    public static final List<String> CSV_HEADER = List.of("status", "object_type", "profi_id", "table", "target_id", "field",
            "column", "source", "transform", "expected", "actual", "note");

    /** Sorting and filtering, with no library: a click on a heading sorts its table; the inputs filter the rows. */
    static final String SCRIPT = """
            <script>
            function sortBy(th) {
              const table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;
              const asc = th.dataset.dir !== 'asc';
              table.querySelectorAll('th').forEach(h => delete h.dataset.dir);
              th.dataset.dir = asc ? 'asc' : 'desc';
              const num = s => /^-?[0-9][0-9,]*(\\.[0-9]+)?$/.test(s.trim()) ? parseFloat(s.replace(/,/g, '')) : NaN;
              const rows = Array.from(body.rows);
              rows.sort((a, b) => {
                const x = a.cells[i].textContent, y = b.cells[i].textContent, nx = num(x), ny = num(y);
                const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
                return asc ? c : -c;
              });
              rows.forEach(r => body.appendChild(r));
            }
            document.querySelectorAll('table.sortable th').forEach(th => th.addEventListener('click', () => sortBy(th)));
            function filterRows() {
              const q = document.getElementById('q').value.toLowerCase();
              const st = document.getElementById('st').value;
              let shown = 0;
              document.querySelectorAll('#rows tbody tr').forEach(r => {
                const ok = (!st || r.dataset.status === st) && (!q || r.textContent.toLowerCase().includes(q));
                r.style.display = ok ? '' : 'none';
                if (ok) shown++;
              });
              document.getElementById('shown').textContent = shown;
            }
            const q = document.getElementById('q');
            if (q) { q.addEventListener('input', filterRows); document.getElementById('st').addEventListener('change', filterRows); }
            </script>
            """;
    static final String EXTRA_STYLE = "<style>table.sortable th { cursor: pointer; user-select: none; }"
            + " th[data-dir=asc]::after { content: ' ▲'; } th[data-dir=desc]::after { content: ' ▼'; }"
            + " td.val { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }"
            + " .filters { margin: .5rem 0; } .filters input { width: 20rem; }</style>\n";

    private FieldDiffReport() {
    }

    /** Writes {@code dir/sample-diff.csv}. */
    public static Path writeCsv(SampleDiff.Result diff, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("sample-diff.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).build())) {
            for (Row r : diff.rows()) {
                csv.printRecord(r.status().label(), r.objectType(), r.profiId(), r.table(), r.targetId(), r.field(), r.column(),
                        r.source(), r.transform(), r.expected(), r.actual(), r.note());
            }
        }
        return file;
    }

    /** Writes {@code dir/sample-diff.html}. */
    public static Path writeHtml(SampleDiff.Result diff, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("sample-diff.html");
        Files.writeString(file, html(diff), StandardCharsets.UTF_8);
        return file;
    }

    static String html(SampleDiff.Result diff) {
        StringBuilder h = new StringBuilder(HtmlPage.head("Sample run " + diff.runId() + ": field-level diff"));
        h.append(EXTRA_STYLE);
        h.append("<h1>Sample run ").append(diff.runId()).append(": field-level diff</h1>\n<p class=\"meta\">Generated ")
                .append(Instant.now()).append(" · ").append(diff.records()).append(" records of the sample compared, ")
                .append(diff.readThrough()).append(" read through related fields and rules</p>\n");
        DiffSummary s = diff.summary();
        long mismatches = s.total(Status.MISMATCH);
        h.append(mismatches == 0
                ? "<p class=\"ok\">No mismatch: every field read back from Dynamics is what the mapping expects.</p>\n"
                : "<p class=\"failed\">" + mismatches + " field(s) read back differ from what the mapping expects.</p>\n");
        if (diff.notWritten() > 0) {
            h.append("<p class=\"failed\">").append(diff.notWritten())
                    .append(" record(s) of the sample went to the dead letters (see below, and <code>dead-letters list</code>).</p>\n");
        }
        summaryTables(h, s);
        h.append("<h2>Every field of every record</h2>\n");
        rowsTable(h, diff.rows());
        h.append(SCRIPT).append("</body>\n</html>\n");
        return h.toString();
    }

    /** The per-table and per-field counts by status. */
    static void summaryTables(StringBuilder h, DiffSummary s) {
        h.append("<h2>Per table</h2>\n<table class=\"sortable\">\n<thead><tr><th>Table</th><th>Records</th>");
        for (Status st : Status.values()) {
            h.append("<th>").append(HtmlPage.esc(st.label())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (DiffSummary.Tally t : s.tables()) {
            h.append("<tr").append(t.count(Status.MISMATCH) > 0 ? " class=\"bad\"" : "").append("><td>")
                    .append(HtmlPage.esc(t.table())).append("</td>").append(num(t.records()));
            for (Status st : Status.values()) {
                h.append(num(t.count(st)));
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n<h2>Per field</h2>\n<table class=\"sortable\">\n<thead><tr><th>Table</th><th>Field</th>");
        for (Status st : Status.values()) {
            h.append("<th>").append(HtmlPage.esc(st.label())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (DiffSummary.Tally t : s.fields()) {
            h.append("<tr").append(t.count(Status.MISMATCH) > 0 ? " class=\"bad\"" : "").append("><td>")
                    .append(HtmlPage.esc(t.table())).append("</td><td>").append(HtmlPage.esc(t.field())).append("</td>");
            for (Status st : Status.values()) {
                h.append(num(t.count(st)));
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** The rows, with a text filter and a status filter. */
    static void rowsTable(StringBuilder h, List<Row> rows) {
        h.append("<div class=\"filters\"><input id=\"q\" type=\"search\" placeholder=\"Filter: any text\"> <select id=\"st\">")
                .append("<option value=\"\">every status</option>");
        for (Status st : Status.values()) {
            h.append("<option value=\"").append(HtmlPage.esc(st.label())).append("\">").append(HtmlPage.esc(st.label()))
                    .append("</option>");
        }
        h.append("</select> <span class=\"muted\"><span id=\"shown\">").append(rows.size()).append("</span> of ")
                .append(rows.size()).append(" rows shown</span></div>\n");
        h.append("<table id=\"rows\" class=\"sortable\">\n<thead><tr><th>Status</th><th>Object</th><th>Profi id</th>")
                .append("<th>Table</th><th>Record id</th><th>Field</th><th>Column</th><th>Source</th><th>Transform</th>")
                .append("<th>Expected</th><th>Actual</th><th>Note</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            String cls = r.status() == Status.MISMATCH ? " class=\"bad\"" : r.status() == Status.NOT_MIGRATED ? " class=\"warn\"" : "";
            h.append("<tr data-status=\"").append(HtmlPage.esc(r.status().label())).append("\"").append(cls).append(">")
                    .append(td(r.status().label())).append(td(r.objectType())).append(td(r.profiId())).append(td(r.table()))
                    .append("<td class=\"ids\">").append(HtmlPage.esc(r.targetId())).append("</td>").append(td(r.field()))
                    .append(td(r.column())).append(val(r.source())).append(td(r.transform())).append(val(r.expected()))
                    .append(val(r.actual())).append(td(r.note())).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String td(String s) {
        return "<td>" + HtmlPage.esc(HtmlPage.oneLine(s)) + "</td>";
    }

    private static String val(String s) {
        return "<td class=\"val\">" + HtmlPage.esc(HtmlPage.oneLine(s)) + "</td>";
    }

    static String num(long n) {
        return "<td class=\"num\">" + n + "</td>";
    }
}
