package org.profid365.migrator.profi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a Profi export, a directory or a {@code .zip}, one CSV file at a time and one record at a time,
 * so memory stays flat whatever the export's size.
 *
 * <p>Tolerant of form (column order, unknown columns, a UTF-8 BOM, a zip with one top-level folder),
 * strict about the things that make a whole file unreadable, which raise {@link ExportFormatException}.
 */
public final class ExportReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(false)
            .get();

    private final String name;
    private final Path directory;
    private final ZipFile zip;
    private final String zipPrefix;
    private final ExportManifest manifest;

    private ExportReader(String name, Path directory, ZipFile zip, String zipPrefix) {
        this.name = name;
        this.directory = directory;
        this.zip = zip;
        this.zipPrefix = zipPrefix;
        this.manifest = readManifest();
    }

    /** Opens an export directory or {@code .zip} file and reads its manifest. */
    public static ExportReader open(Path source) {
        if (Files.isDirectory(source)) {
            return new ExportReader(source.toString(), source, null, null);
        }
        if (!Files.isRegularFile(source)) {
            throw new ExportFormatException("Profi export " + source + " does not exist (expected a directory or a .zip file)");
        }
        try {
            ZipFile zip = new ZipFile(source.toFile(), StandardCharsets.UTF_8);
            try {
                return new ExportReader(source.toString(), null, zip, findZipPrefix(zip, source));
            } catch (RuntimeException e) {
                zip.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ExportFormatException("Profi export " + source + " is not a readable .zip file: " + e.getMessage(), e);
        }
    }

    /** The manifest entry decides where the export's files live inside the zip: at the root or in one folder. */
    private static String findZipPrefix(ZipFile zip, Path source) {
        String best = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            if (entry.equals("manifest.json") || entry.endsWith("/manifest.json")) {
                String prefix = entry.substring(0, entry.length() - "manifest.json".length());
                if (best == null || prefix.length() < best.length()) {
                    best = prefix;
                }
            }
        }
        if (best == null) {
            throw new ExportFormatException("Profi export " + source + " has no manifest.json");
        }
        return best;
    }

    public String name() {
        return name;
    }

    public ExportManifest manifest() {
        return manifest;
    }

    /** Whether the export contains a file (CSV or attachment path relative to the export root). */
    public boolean has(String relativePath) {
        if (zip != null) {
            return zip.getEntry(zipPrefix + relativePath) != null;
        }
        return Files.isRegularFile(directory.resolve(relativePath));
    }

    /** Opens an uploaded file from {@code files/} (the path as written in files.csv). */
    public InputStream openAttachment(String pathInFiles) throws IOException {
        String relative = "files/" + pathInFiles;
        if (pathInFiles.contains("..")) {
            throw new IOException("attachment path " + pathInFiles + " leaves the export's files/ folder");
        }
        return open(relative);
    }

    private InputStream open(String relativePath) throws IOException {
        if (zip != null) {
            ZipEntry entry = zip.getEntry(zipPrefix + relativePath);
            if (entry == null) {
                throw new NoSuchFileException(name + "!" + relativePath);
            }
            return zip.getInputStream(entry);
        }
        return Files.newInputStream(directory.resolve(relativePath));
    }

    /**
     * Streams the records of one object file to the handler, in file order. Each record carries the line on
     * which it starts, so errors can point at it even when quoted cells span several lines.
     */
    public long read(ProfiObject object, Consumer<ProfiRecord> handler) {
        if (!has(object.fileName())) {
            return 0;
        }
        long count = 0;
        try (Reader reader = utf8Reader(open(object.fileName()));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSV).get()) {
            List<String> header = cleanHeader(parser.getHeaderNames(), object);
            long nextLine = parser.getCurrentLineNumber() + 1;
            for (CSVRecord row : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (row.size() != header.size()) {
                    throw new ExportFormatException(object.fileName() + " line " + line + " has " + row.size()
                            + " cells but the header has " + header.size() + " columns");
                }
                LinkedHashMap<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String value = row.get(i);
                    if (value != null && !value.isEmpty()) {
                        fields.put(header.get(i), value);
                    }
                }
                handler.accept(ProfiRecord.adopting(object, fields, object.fileName(), line));
                count++;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ExportFormatException(name + ": " + object.fileName() + " cannot be read as CSV: " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Commons CSV reports broken quoting and duplicate headers this way
            throw new ExportFormatException(name + ": " + object.fileName() + " is not valid CSV: " + e.getMessage(), e);
        }
        return count;
    }

    private static List<String> cleanHeader(List<String> raw, ProfiObject object) {
        List<String> header = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String h = raw.get(i);
            if (i == 0 && h.startsWith("\uFEFF")) {
                h = h.substring(1);
            }
            h = h.trim();
            if (h.isEmpty()) {
                throw new ExportFormatException(object.fileName() + " has an empty column name at position " + (i + 1));
            }
            header.add(h);
        }
        for (String key : object.keyColumns()) {
            if (!header.contains(key)) {
                throw new ExportFormatException(object.fileName() + " has no '" + key + "' column");
            }
        }
        return header;
    }

    /** Malformed UTF-8 is an error, not a silent replacement character. */
    private static Reader utf8Reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private ExportManifest readManifest() {
        JsonNode m;
        try (InputStream in = open("manifest.json")) {
            m = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new ExportFormatException("Profi export " + name + " has no manifest.json");
        } catch (IOException e) {
            throw new ExportFormatException("Profi export " + name + ": manifest.json is not valid JSON: " + e.getMessage(), e);
        }
        String tz = text(m, "timezone");
        if (tz == null) {
            throw new ExportFormatException("Profi export " + name + ": manifest.json has no timezone");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new ExportFormatException("Profi export " + name + ": manifest.json timezone '" + tz + "' is not an IANA zone");
        }
        int version = m.path("format_version").asInt(0);
        if (version != 1) {
            throw new ExportFormatException("Profi export " + name + ": format_version " + m.path("format_version")
                    + " is not supported (this migrator reads format_version 1)");
        }
        return new ExportManifest(text(m, "workspace_id"), text(m, "workspace_name"), text(m, "workspace_type"),
                text(m, "exported_at"), zone, version);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() {
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only file: nothing to lose
            }
        }
    }
}
