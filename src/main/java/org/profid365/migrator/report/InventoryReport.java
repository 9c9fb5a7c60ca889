package org.profid365.migrator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.profid365.migrator.report.Inventory.CustomFieldProfile;
import org.profid365.migrator.report.Inventory.FileSummary;
import org.profid365.migrator.report.Inventory.ObjectCounts;
import org.profid365.migrator.report.Inventory.Trap;
import org.profid365.migrator.report.Inventory.TrapKind;

/** Renders an {@link Inventory} as a console table, a JSON file and a self-contained HTML page. */
public final class InventoryReport {

    /** Examples the console shows per trap; the files carry all of them. */
    private static final int CONSOLE_EXAMPLES = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InventoryReport() {
    }

    // ---- console -----------------------------------------------------------------------------------------------

    public static String table(Inventory inv) {
        StringBuilder out = new StringBuilder();
        out.append("Inventory of migration '").append(oneLine(inv.migration())).append("' at ").append(inv.generatedAt())
                .append(System.lineSeparator()).append(System.lineSeparator());

        TextTable records = new TextTable("Object", "Staged", "Pending", "Loaded", "Rejected", "Dead letters (open)");
        for (ObjectCounts o : inv.objects()) {
            records.row(o.objectType(), o.staged(), o.pending(), o.loaded(), o.rejected(), breakdown(o.openDeadLetters(), 10));
        }
        out.append("Records").append(System.lineSeparator()).append(records.render()).append(System.lineSeparator());

        TextTable traps = new TextTable("Trap", "Object", "Field", "Count", "Details", "Examples");
        for (Trap t : inv.traps()) {
            traps.row(t.kind().title(), dash(t.objectType()), dash(t.field()), t.count(), breakdown(t.breakdown(), 5),
                    examples(t.examples(), t.count()));
        }
        out.append("Traps found").append(System.lineSeparator());
        out.append(inv.traps().isEmpty() ? "  none" + System.lineSeparator() : traps.render());
        String clear = notFound(inv).stream().map(TrapKind::title).collect(Collectors.joining("; "));
        if (!clear.isEmpty()) {
            out.append("Checked, none found: ").append(clear).append(System.lineSeparator());
        }
        out.append(System.lineSeparator());

        TextTable fields = new TextTable("Object", "Column", "Declared", "Inferred", "With value", "Max length", "Distinct",
                "Outside options", "Note");
        for (CustomFieldProfile f : inv.customFields()) {
            fields.row(f.objectType(), f.column(), f.declaredType(), dash(f.inferredType()), f.recordsWithValue(), f.maxLength(),
                    f.distinctValues(), String.join(", ", f.valuesOutsideOptions()), dash(f.note()));
        }
        out.append("Custom fields").append(System.lineSeparator());
        out.append(inv.customFields().isEmpty() ? "  none" + System.lineSeparator() : fields.render());
        out.append(System.lineSeparator());

        FileSummary fs = inv.files();
        TextTable files = new TextTable("Files", "Total bytes", "Over " + mb(fs.overLimitBytes()), "URL instead of path");
        files.row(fs.count(), fs.totalBytes(), fs.overLimit() + examplesSuffix(fs.overLimitExamples(), fs.overLimit()),
                fs.urlInsteadOfPath() + examplesSuffix(fs.urlInsteadOfPathExamples(), fs.urlInsteadOfPath()));
        out.append("Files").append(System.lineSeparator()).append(files.render());
        return out.toString();
    }

    private static String examples(List<String> ids, long count) {
        if (ids.isEmpty()) {
            return "-";
        }
        String shown = ids.stream().limit(CONSOLE_EXAMPLES).collect(Collectors.joining(", "));
        long more = count - Math.min(ids.size(), CONSOLE_EXAMPLES);
        return more > 0 ? shown + " (+" + more + " more)" : shown;
    }

    private static String examplesSuffix(List<String> ids, long count) {
        return ids.isEmpty() ? "" : " (" + examples(ids, count) + ")";
    }

    private static String breakdown(Map<String, Long> m, int max) {
        if (m.isEmpty()) {
            return "-";
        }
        String shown = m.entrySet().stream().limit(max).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return m.size() > max ? shown + ", ..." : shown;
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    /** Writes {@code dir/inventory.json}, creating the folder. */
    public static Path writeJson(Inventory inv, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("inventory.json");
        Files.writeString(file, JSON.writeValueAsString(json(inv)), StandardCharsets.UTF_8);
        return file;
    }

    static ObjectNode json(Inventory inv) {
        ObjectNode root = JSON.createObjectNode();
        root.put("migration", inv.migration());
        root.put("generated_at", inv.generatedAt().toString());
        root.put("lead_threshold_sessions", inv.leadThresholdSessions());
        ArrayNode objects = root.putArray("objects");
        for (ObjectCounts o : inv.objects()) {
            ObjectNode n = objects.addObject();
            n.put("object_type", o.objectType());
            n.put("staged", o.staged());
            n.put("pending", o.pending());
            n.put("loaded", o.loaded());
            n.put("rejected", o.rejected());
            ObjectNode letters = n.putObject("open_dead_letters");
            o.openDeadLetters().forEach(letters::put);
        }
        ArrayNode fields = root.putArray("custom_fields");
        for (CustomFieldProfile f : inv.customFields()) {
            ObjectNode n = fields.addObject();
            n.put("object_type", f.objectType());
            n.put("column", f.column());
            n.put("label", f.label());
            n.put("declared_type", f.declaredType());
            ArrayNode options = n.putArray("options");
            f.options().forEach(options::add);
            n.put("inferred_type", f.inferredType());
            n.put("records_with_value", f.recordsWithValue());
            n.put("max_length", f.maxLength());
            n.put("distinct_values", f.distinctValues());
            ArrayNode outside = n.putArray("values_outside_options");
            f.valuesOutsideOptions().forEach(outside::add);
            n.put("note", f.note());
        }
        ArrayNode traps = root.putArray("traps");
        for (Trap t : inv.traps()) {
            ObjectNode n = traps.addObject();
            n.put("kind", t.kind().code());
            n.put("title", t.kind().title());
            n.put("object_type", t.objectType());
            n.put("field", t.field());
            n.put("count", t.count());
            ObjectNode b = n.putObject("breakdown");
            t.breakdown().forEach(b::put);
            ArrayNode ex = n.putArray("examples");
            t.examples().forEach(ex::add);
        }
        ArrayNode clear = root.putArray("checked_none_found");
        notFound(inv).forEach(k -> clear.add(k.code()));
        FileSummary fs = inv.files();
        ObjectNode files = root.putObject("files");
        files.put("count", fs.count());
        files.put("total_bytes", fs.totalBytes());
        files.put("over_limit_bytes", fs.overLimitBytes());
        files.put("over_limit", fs.overLimit());
        ArrayNode large = files.putArray("over_limit_examples");
        fs.overLimitExamples().forEach(large::add);
        files.put("url_instead_of_path", fs.urlInsteadOfPath());
        ArrayNode urls = files.putArray("url_instead_of_path_examples");
        fs.urlInsteadOfPathExamples().forEach(urls::add);
        return root;
    }

    // ---- HTML --------------------------------------------------------------------------------------------------

    /** Writes {@code dir/inventory.html}, a page that needs nothing but itself, creating the folder. */
    public static Path writeHtml(Inventory inv, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("inventory.html");
        Files.writeString(file, html(inv), StandardCharsets.UTF_8);
        return file;
    }

    static String html(Inventory inv) {
        StringBuilder h = new StringBuilder();
        h.append(HtmlPage.head("Profi inventory – " + inv.migration()));
        h.append("<h1>Profi inventory</h1>\n<p class=\"meta\">Migration <strong>").append(esc(inv.migration()))
                .append("</strong> · taken ").append(esc(inv.generatedAt().toString()))
                .append(" · clients with fewer than ").append(inv.leadThresholdSessions()).append(" session(s) become Leads</p>\n");

        h.append("<h2>Records</h2>\n<table>\n<tr><th>Object</th><th>Staged</th><th>Pending</th><th>Loaded</th><th>Rejected</th>"
                + "<th>Dead letters (open)</th></tr>\n");
        for (ObjectCounts o : inv.objects()) {
            h.append("<tr").append(o.rejected() > 0 ? " class=\"warn\"" : "").append("><td>").append(esc(o.objectType()))
                    .append("</td>").append(num(o.staged())).append(num(o.pending())).append(num(o.loaded()))
                    .append(num(o.rejected())).append("<td>").append(esc(breakdown(o.openDeadLetters(), Integer.MAX_VALUE)))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Traps found</h2>\n");
        if (inv.traps().isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Trap</th><th>Object</th><th>Field</th><th>Count</th><th>Details</th>"
                    + "<th>Examples (up to ").append(Inventory.MAX_EXAMPLES).append(")</th></tr>\n");
            for (Trap t : inv.traps()) {
                h.append("<tr id=\"trap-").append(esc(t.kind().code())).append("\"><td>").append(esc(t.kind().title()))
                        .append("</td><td>").append(esc(dash(t.objectType()))).append("</td><td>").append(esc(dash(t.field())))
                        .append("</td>").append(num(t.count())).append("<td>").append(esc(breakdown(t.breakdown(), Integer.MAX_VALUE)))
                        .append("</td><td class=\"ids\">").append(esc(String.join(", ", t.examples()))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        Set<TrapKind> clear = notFound(inv);
        if (!clear.isEmpty()) {
            h.append("<p>Checked, none found:</p>\n<ul class=\"clear\">\n");
            clear.forEach(k -> h.append("<li>").append(esc(k.title())).append("</li>\n"));
            h.append("</ul>\n");
        }

        h.append("<h2>Custom fields</h2>\n");
        if (inv.customFields().isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Object</th><th>Column</th><th>Label</th><th>Declared</th><th>Inferred</th><th>With value</th>"
                    + "<th>Max length</th><th>Distinct</th><th>Options</th><th>Outside options</th><th>Note</th></tr>\n");
            for (CustomFieldProfile f : inv.customFields()) {
                boolean warn = f.note() != null || !f.valuesOutsideOptions().isEmpty();
                h.append("<tr").append(warn ? " class=\"warn\"" : "").append("><td>").append(esc(f.objectType())).append("</td><td>")
                        .append(esc(f.column())).append("</td><td>").append(esc(dash(f.label()))).append("</td><td>")
                        .append(esc(f.declaredType())).append("</td><td>").append(esc(dash(f.inferredType()))).append("</td>")
                        .append(num(f.recordsWithValue())).append(num(f.maxLength())).append(num(f.distinctValues()))
                        .append("<td>").append(esc(String.join("; ", f.options()))).append("</td><td>")
                        .append(esc(String.join("; ", f.valuesOutsideOptions()))).append("</td><td>").append(esc(dash(f.note())))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        FileSummary fs = inv.files();
        h.append("<h2>Files</h2>\n<table>\n<tr><th>Files</th><th>Total bytes</th><th>Over ").append(esc(mb(fs.overLimitBytes())))
                .append("</th><th>Examples</th><th>URL instead of path</th><th>Examples</th></tr>\n<tr>")
                .append(num(fs.count())).append(num(fs.totalBytes())).append(num(fs.overLimit()))
                .append("<td class=\"ids\">").append(esc(String.join(", ", fs.overLimitExamples()))).append("</td>")
                .append(num(fs.urlInsteadOfPath())).append("<td class=\"ids\">")
                .append(esc(String.join(", ", fs.urlInsteadOfPathExamples()))).append("</td></tr>\n</table>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String num(long n) {
        return "<td class=\"num\">" + n + "</td>";
    }

    static String esc(String s) {
        return HtmlPage.esc(s);
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    private static Set<TrapKind> notFound(Inventory inv) {
        Set<TrapKind> kinds = EnumSet.allOf(TrapKind.class);
        inv.traps().forEach(t -> kinds.remove(t.kind()));
        return kinds;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String oneLine(String s) {
        return HtmlPage.oneLine(s);
    }

    private static String mb(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }
}
