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
        ExportFolders.copy(from, to);
        ObjectNode manifest = (ObjectNode) JSON.readTree(from.resolve("manifest.json").toFile());
        Instant next = Instant.parse(manifest.path("exported_at").asText()).plus(1, ChronoUnit.DAYS);
        manifest.put("exported_at", next.toString());
        JSON.writeValue(to.resolve("manifest.json").toFile(), manifest);
        // the changes happened during the day before the new export
        String changedAt = next.minus(3, ChronoUnit.HOURS).toString();

        Table clients = Table.read(from.resolve("clients.csv"));
        Set<String> change = Set.copyOf(changedClients);
        for (int i = 0; i < clients.rows().size(); i++) {
            Map<String, String> row = clients.rows().get(i);
            if (change.contains(row.get("id"))) {
                row.put("phone", "+49 30 " + (5550100 + i));
                row.put("updated_at", changedAt);
            }
        }
        String added = String.format("cli_%010x", next.getEpochSecond() * 2654435761L & 0xffffffffffL);
        Map<String, String> prospect = new LinkedHashMap<>(Map.of("id", added, "first_name", "Nadia",
                "last_name", "Okafor", "email", "nadia.okafor@example.com", "country", "Germany",
                "lifecycle_stage", "prospect", "source", "website", "created_at", changedAt, "updated_at", changedAt));
        // owned by the coach of the first client: an owner the org knows
        prospect.put("owner_email", clients.rows().isEmpty() ? "" : clients.rows().get(0).get("owner_email"));
        clients.rows().add(prospect);
        clients.write(to.resolve("clients.csv"));
        if (deletedNote != null) {
            Table notes = Table.read(from.resolve("notes.csv"));
            notes.rows().removeIf(row -> row.get("id").equals(deletedNote));
            notes.write(to.resolve("notes.csv"));
        }
        return new Applied(to, List.copyOf(changedClients), added, deletedNote);
    }

    /** One CSV of the export: its header and rows by column name; a column a row lacks is written empty. */
    private record Table(List<String> header, List<Map<String, String>> rows) {

        static Table read(Path file) throws IOException {
            List<Map<String, String>> rows = new ArrayList<>();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                for (CSVRecord rec : p) {
                    rows.add(new LinkedHashMap<>(rec.toMap()));
                }
                return new Table(p.getHeaderNames(), rows);
            }
        }

        void write(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180)) {
                printer.printRecord(header);
                for (Map<String, String> row : rows) {
                    printer.printRecord(header.stream().map(h -> row.getOrDefault(h, "")).toList());
                }
            }
        }
    }
}
