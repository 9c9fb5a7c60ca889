package org.profid365.migrator.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The next export of a workspace after a day of work in Profi: some clients' phone numbers changed, a new prospect,
 * a note deleted. The demo's delta picks these up; everything else is copied byte for byte.
 */
public final class ExportChanges {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the next export changed: the clients with a new phone, the prospect added, the note deleted. */
    public record Applied(Path export, List<String> changedClients, String addedClient, String deletedNote) {
    }

    private ExportChanges() {
    }

    /**
     * Writes the export a day after {@code from} into {@code to} (created; must not exist): {@code changedClients}
     * get a new phone number, a new prospect is added, and the note {@code deletedNote} (null: none) is gone.
     */
    public static Applied nextDay(Path from, Path to, List<String> changedClients, String deletedNote) throws IOException {
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to.toString(), null, "the next export is written to a new folder");
        }
        copyTree(from, to);
        ObjectNode manifest = (ObjectNode) JSON.readTree(from.resolve("manifest.json").toFile());
        Instant next = Instant.parse(manifest.path("exported_at").asText()).plus(1, ChronoUnit.DAYS);
        manifest.put("exported_at", next.toString());
        JSON.writeValue(to.resolve("manifest.json").toFile(), manifest);
        // the changes happened during the day before the new export
        String changedAt = next.minus(3, ChronoUnit.HOURS).toString();

        Set<String> change = Set.copyOf(changedClients);
        String added = String.format("cli_%010x", next.getEpochSecond() * 2654435761L & 0xffffffffffL);
        rewrite(from.resolve("clients.csv"), to.resolve("clients.csv"), (row, out) -> {
            if (change.contains(row.get("id"))) {
                row.put("phone", "+49 30 " + (5550100 + out.size()));
                row.put("updated_at", changedAt);
            }
            out.add(row);
        }, header -> {
            Map<String, String> prospect = new LinkedHashMap<>();
            header.forEach(h -> prospect.put(h, ""));
            prospect.putAll(Map.of("id", added, "first_name", "Nadia", "last_name", "Okafor",
                    "email", "nadia.okafor@example.com", "country", "Germany", "lifecycle_stage", "prospect",
                    "source", "website", "created_at", changedAt, "updated_at", changedAt));
            return prospect;
        });
        if (deletedNote != null) {
            rewrite(from.resolve("notes.csv"), to.resolve("notes.csv"), (row, out) -> {
                if (!row.get("id").equals(deletedNote)) {
                    out.add(row);
                }
            }, header -> null);
        }
        return new Applied(to, List.copyOf(changedClients), added, deletedNote);
    }

    private interface RowEdit {
        void apply(Map<String, String> row, List<Map<String, String>> out);
    }

    private interface RowAddition {
        Map<String, String> row(List<String> header);
    }

    /** Reads a CSV of the export, edits its rows and writes them under the same header, with an added row last. */
    private static void rewrite(Path in, Path out, RowEdit edit, RowAddition addition) throws IOException {
        List<String> header;
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            header = p.getHeaderNames();
            for (CSVRecord rec : p) {
                edit.apply(new LinkedHashMap<>(rec.toMap()), rows);
            }
        }
        Map<String, String> extra = addition.row(header);
        if (extra != null) {
            // a new client is owned by the coach who owns the first one: an owner the org knows
            if (!rows.isEmpty() && extra.containsKey("owner_email")) {
                extra.put("owner_email", rows.get(0).get("owner_email"));
            }
            rows.add(extra);
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180)) {
            printer.printRecord(header);
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>(header.size());
                header.forEach(h -> values.add(row.getOrDefault(h, "")));
                printer.printRecord(values);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
