package org.profid365.migrator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.profid365.migrator.mapping.CoachLink;
import org.profid365.migrator.mapping.OwnerMatch;
import org.profid365.migrator.mapping.OwnerResolution;
import org.profid365.migrator.mapping.OwnerResolution.Fallback;
import org.profid365.migrator.mapping.OwnerStatus;

/** Renders an {@link OwnerResolution} as a console table, a CSV file and a self-contained HTML page. */
public final class OwnerReport {

    /** The owned object types, in load order; also the CSV's count columns. */
    public static final List<String> TYPES = List.of("coach", "company", "client", "session", "note");
    public static final List<String> CSV_HEADER = List.of("email", "status", "systemuser_id", "full_name", "goes_to",
            "resolved_to", "owned_records", "coach", "company", "client", "session", "note", "co_coached_clients",
            "coach_profile_ids");

    private OwnerReport() {
    }

    /** Where an owner's records go, in words. */
    static String goesTo(OwnerMatch o, Fallback fallback) {
        if (o.status() == OwnerStatus.MATCHED) {
            return "own user";
        }
        if (o.resolvedTo() != null) {
            return "fallback " + fallback.email();
        }
        return o.ownedRecords() > 0 ? "NOWHERE (no usable fallback)" : "-";
    }

    // ---- console -----------------------------------------------------------------------------------------------

    public static String table(OwnerResolution r) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("Owners of migration '").append(oneLine(r.migration())).append("' resolved at ").append(r.resolvedAt())
                .append(nl).append(nl);
        out.append("Fallback owner: ").append(fallbackText(r.fallback())).append(nl).append(nl);

        List<String> header = new ArrayList<>(List.of("Email", "Status", "Dynamics user", "Records go to", "Owned"));
        TYPES.forEach(header::add);
        header.add("Co-coach of");
        TextTable owners = new TextTable(header.toArray(String[]::new));
        for (OwnerMatch o : r.owners()) {
            List<Object> row = new ArrayList<>(List.of(o.email(), o.status().code(), userText(o), goesTo(o, r.fallback()),
                    o.ownedRecords()));
            TYPES.forEach(t -> row.add(o.recordCounts().getOrDefault(t, 0L)));
            row.add(o.coCoachedClients());
            owners.row(row.toArray());
        }
        out.append("Owners (").append(r.count(OwnerStatus.MATCHED)).append(" matched, ").append(r.count(OwnerStatus.DISABLED))
                .append(" disabled, ").append(r.count(OwnerStatus.UNMATCHED)).append(" unmatched)").append(nl);
        out.append(r.owners().isEmpty() ? "  none" + nl : owners.render()).append(nl);

        TextTable coaches = new TextTable("Coach", "Name", "Email", "Status", "Linked user");
        for (CoachLink c : r.coaches()) {
            coaches.row(c.profiId(), dash(c.name()), c.email(), c.status().code(),
                    c.linked() ? String.valueOf(c.systemUserId()) : "-");
        }
        out.append("Coach profiles").append(nl).append(r.coaches().isEmpty() ? "  none" + nl : coaches.render()).append(nl);
        out.append("Co-coaches are listed on the client (<p>_cocoaches); Dynamics gives each record one owner.").append(nl);
        out.append(r.preflightOk() ? "Preflight: OK" : "Preflight: FAILED").append(nl);
        r.reasons().forEach(reason -> out.append("  - ").append(oneLine(reason)).append(nl));
        return out.toString();
    }

    private static String fallbackText(Fallback f) {
        if (f == null) {
            return "none configured (migrator.owners.fallback)";
        }
        return f.email() + " – " + f.status().code() + (f.systemUserId() == null ? "" : " (" + f.systemUserId() + ")");
    }

    private static String userText(OwnerMatch o) {
        if (o.systemUserId() == null) {
            return "-";
        }
        return o.fullName() == null ? o.systemUserId().toString() : o.fullName() + " (" + o.systemUserId() + ")";
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    /** Writes {@code dir/owners.csv} (RFC 4180, UTF-8, one row per email), creating the folder. */
    public static Path writeCsv(OwnerResolution r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("owners.csv");
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(w, format)) {
            for (OwnerMatch o : r.owners()) {
                List<Object> row = new ArrayList<>(List.of(o.email(), o.status().code(), str(o.systemUserId()),
                        str(o.fullName()), goesTo(o, r.fallback()), str(o.resolvedTo()), o.ownedRecords()));
                TYPES.forEach(t -> row.add(o.recordCounts().getOrDefault(t, 0L)));
                row.add(o.coCoachedClients());
                row.add(String.join(";", o.coachProfileIds()));
                csv.printRecord(row);
            }
        }
        return file;
    }

    // ---- HTML --------------------------------------------------------------------------------------------------

    /** Writes {@code dir/owners.html}, a page that needs nothing but itself, creating the folder. */
    public static Path writeHtml(OwnerResolution r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("owners.html");
        Files.writeString(file, html(r), StandardCharsets.UTF_8);
        return file;
    }

    static String html(OwnerResolution r) {
        StringBuilder h = new StringBuilder();
        h.append(HtmlPage.head("Owner resolution – " + r.migration()));
        h.append("<h1>Owner resolution</h1>\n<p class=\"meta\">Migration <strong>").append(esc(r.migration()))
                .append("</strong> · users read ").append(esc(r.resolvedAt().toString()))
                .append(" · matched on <code>internalemailaddress</code>, ignoring case</p>\n");

        h.append("<h2>Preflight</h2>\n");
        if (r.preflightOk()) {
            h.append("<p class=\"ok\">OK: every record has an enabled owner.</p>\n");
        } else {
            h.append("<p class=\"failed\">Failed: no record may move until this is fixed.</p>\n<ul>\n");
            r.reasons().forEach(reason -> h.append("<li>").append(esc(reason)).append("</li>\n"));
            h.append("</ul>\n");
        }
        Fallback f = r.fallback();
        h.append("<p>Fallback owner: ");
        if (f == null) {
            h.append("<span class=\"muted\">none configured (<code>migrator.owners.fallback</code>)</span>");
        } else {
            h.append("<strong>").append(esc(f.email())).append("</strong> – ").append(esc(f.status().code()))
                    .append(f.systemUserId() == null ? "" : " <span class=\"ids\">" + esc(f.systemUserId().toString()) + "</span>");
        }
        h.append("</p>\n");

        h.append("<h2>Owners</h2>\n<p class=\"meta\">").append(r.count(OwnerStatus.MATCHED)).append(" matched · ")
                .append(r.count(OwnerStatus.DISABLED)).append(" disabled · ").append(r.count(OwnerStatus.UNMATCHED))
                .append(" unmatched</p>\n");
        if (r.owners().isEmpty()) {
            h.append("<p class=\"muted\">No owner emails in the staged data.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Email</th><th>Status</th><th>Dynamics user</th><th>Records go to</th><th>Owned</th>");
            TYPES.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
            h.append("<th>Co-coach of (clients)</th></tr>\n");
            for (OwnerMatch o : r.owners()) {
                String cls = o.blocksLoad() ? " class=\"bad\"" : o.fallsBack() ? " class=\"warn\"" : "";
                h.append("<tr").append(cls).append("><td>").append(esc(o.email())).append("</td><td>").append(esc(o.status().code()))
                        .append("</td><td>").append(esc(o.fullName() == null ? "" : o.fullName()))
                        .append(o.systemUserId() == null ? "" : " <span class=\"ids\">" + esc(o.systemUserId().toString()) + "</span>")
                        .append("</td><td>").append(esc(goesTo(o, f))).append("</td>").append(num(o.ownedRecords()));
                Map<String, Long> counts = o.recordCounts();
                TYPES.forEach(t -> h.append(num(counts.getOrDefault(t, 0L))));
                h.append(num(o.coCoachedClients())).append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p class=\"muted\">Co-coaches are kept as text on the client; Dynamics gives each record one owner.</p>\n");

        h.append("<h2>Coach profiles</h2>\n");
        if (r.coaches().isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Coach</th><th>Name</th><th>Email</th><th>Status</th><th>Linked user</th></tr>\n");
            for (CoachLink c : r.coaches()) {
                h.append("<tr").append(c.linked() ? "" : " class=\"warn\"").append("><td>").append(esc(c.profiId()))
                        .append("</td><td>").append(esc(c.name())).append("</td><td>").append(esc(c.email())).append("</td><td>")
                        .append(esc(c.status().code())).append("</td><td class=\"ids\">")
                        .append(c.linked() ? esc(String.valueOf(c.systemUserId())) : "").append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String num(long n) {
        return "<td class=\"num\">" + n + "</td>";
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        return HtmlPage.esc(s);
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    private static String oneLine(String s) {
        return HtmlPage.oneLine(s);
    }
}
