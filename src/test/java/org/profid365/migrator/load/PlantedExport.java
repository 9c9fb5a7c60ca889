package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.profid365.migrator.mapping.MappingLoader;

/**
 * The export and mapping the resilience tests share (generated once per test JVM): a generated export of 30 clients
 * with its traps, plus three clients who each have sessions and notes and carry a problem of their own, and a copy of
 * the default mapping that lets two problems through to where they show:
 * <ul>
 * <li>{@link #tooLongCity}: a city of 120 characters; the mapping copy drops the contact city's maxLength, so the
 * record reaches Dataverse, which refuses it (address1_city holds 80) and sinks its CreateMultiple chunk;</li>
 * <li>{@link #valueGap}: lifecycle stage {@value #GAP_VALUE}, which the contact value map lacks; the copy says
 * {@code unknown: reject}, so the mapping rejects it (a value-map gap that {@link #closeGap} fixes);</li>
 * <li>{@link #both}: both problems: the mapping rejects it first, Dataverse once the gap is closed.</li>
 * </ul>
 */
final class PlantedExport {

    static final String GAP_VALUE = "on_hold";
    static final int CLIENTS = 30;
    static final long SEED = 11;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static PlantedExport shared;

    final Path dir;
    final String tooLongCity;
    final String valueGap;
    final String both;

    private PlantedExport(Path dir, String tooLongCity, String valueGap, String both) {
        this.dir = dir;
        this.tooLongCity = tooLongCity;
        this.valueGap = valueGap;
        this.both = both;
    }

    /** The export, written to a temporary directory on first use and removed when the JVM ends. */
    static synchronized PlantedExport get() throws Exception {
        if (shared == null) {
            Path root = Files.createTempDirectory("planted-export");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            Path dir = LoadFixture.generated(root.resolve("export"), CLIENTS, SEED);
            List<String> picked = pick(dir);
            plant(dir, Map.of(picked.get(0), Map.of("city", "Bad Muenstereifel " + "x".repeat(102)),
                    picked.get(1), Map.of("lifecycle_stage", GAP_VALUE),
                    picked.get(2), Map.of("city", "Bad Muenstereifel " + "y".repeat(102), "lifecycle_stage", GAP_VALUE)));
            shared = new PlantedExport(dir, picked.get(0), picked.get(1), picked.get(2));
        }
        return shared;
    }

    /** Writes the mapping copy to {@code tmp/mapping.yaml}, where {@link LoadFixture} takes it from. */
    void mappingInto(Path tmp) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(MappingLoader.toYaml(MappingLoader.defaultMapping()));
        ObjectNode fields = (ObjectNode) root.at("/objects/client/targets/contact/fields");
        ((ObjectNode) fields.get("city")).remove(List.of("maxLength", "tooLong"));
        ((ObjectNode) fields.get("lifecycle_stage")).put("unknown", "reject");
        Files.writeString(tmp.resolve("mapping.yaml"), YAML.writeValueAsString(root));
    }

    /** The mapping file with the gap closed: {@value #GAP_VALUE} maps to Paused. */
    static void closeGap(Path mappingFile) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(mappingFile.toFile());
        ((ObjectNode) root.at("/objects/client/targets/contact/fields/lifecycle_stage/values")).put(GAP_VALUE, 727000003);
        Files.writeString(mappingFile, YAML.writeValueAsString(root));
    }

    /** Three clients, by id order, with at least two sessions and a note, a known lifecycle stage and no birthdate. */
    private static List<String> pick(Path dir) throws IOException {
        Map<String, Integer> sessions = countBy(dir.resolve("sessions.csv"), "client_id");
        Map<String, Integer> notes = countBy(dir.resolve("notes.csv"), "client_id");
        Set<String> known = Set.of("prospect", "onboarding", "active", "paused", "alumni", "archived");
        List<String> out = new ArrayList<>();
        for (CSVRecord r : read(dir.resolve("clients.csv"))) {
            String id = r.get("id");
            if (sessions.getOrDefault(id, 0) >= 2 && notes.getOrDefault(id, 0) >= 1
                    && known.contains(r.get("lifecycle_stage")) && r.get("birthdate").isBlank()) {
                out.add(id);
            }
        }
        out.sort(Comparator.naturalOrder());
        if (out.size() < 3) {
            throw new IllegalStateException("the generated export has too few clients to plant problems on: " + out);
        }
        return out.subList(0, 3);
    }

    private static Map<String, Integer> countBy(Path file, String column) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (CSVRecord r : read(file)) {
            out.merge(r.get(column), 1, Integer::sum);
        }
        return out;
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            return p.getRecords();
        }
    }

    private static void plant(Path dir, Map<String, Map<String, String>> changes) throws IOException {
        Path file = dir.resolve("clients.csv");
        List<String> header;
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            header = p.getHeaderNames();
            records = p.getRecords();
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
            printer.printRecord(header);
            for (CSVRecord r : records) {
                Map<String, String> change = changes.getOrDefault(r.get("id"), Map.of());
                List<String> values = new ArrayList<>();
                for (String column : header) {
                    values.add(change.getOrDefault(column, r.get(column)));
                }
                printer.printRecord(values);
            }
        }
    }

    /** Removes a temporary directory tree; what cannot be removed stays (it is temporary anyway). */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
