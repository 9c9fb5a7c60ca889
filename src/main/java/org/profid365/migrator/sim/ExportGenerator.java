package org.profid365.migrator.sim;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.profid365.migrator.profi.ProfiObject;

/**
 * Writes a realistic, reproducible Profi export (profi-source.md) of N clients, with every known trap planted
 * at a low rate, in constant memory: clients are generated and written one at a time.
 */
public final class ExportGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int clients;
    private final long seed;

    public ExportGenerator(int clients, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, was " + clients);
        }
        this.clients = clients;
        this.seed = seed;
    }

    /**
     * Writes a full export directory (manifest.json, every CSV of profi-source.md, files/ with real bytes).
     * The directory is created if needed and must be empty. Returns counts per file.
     */
    public GeneratedCounts writeTo(Path outDir) throws IOException {
        prepareEmptyDirectory(outDir);
        Files.createDirectories(outDir.resolve("files"));
        ExportClock clock = new ExportClock(seed);
        TrapPlan plan = new TrapPlan(seed, clients);
        WorkspacePools workspace = new WorkspacePools(seed, clients, clock);
        writeManifest(outDir.resolve("manifest.json"), workspace, clock);
        Map<ProfiObject, Long> records;
        try (ExportFiles files = new ExportFiles(outDir, CustomFieldCatalog.columns())) {
            CustomFieldCatalog.writeDefinitions(files);
            workspace.writePools(files, plan);
            ClientHistory history = new ClientHistory(seed, clients, workspace, clock, plan, files);
            for (int i = 0; i < clients; i++) {
                history.write(i);
            }
            records = new EnumMap<>(files.counts());
        }
        return new GeneratedCounts(records, plan.counts());
    }

    /**
     * Same content as a .zip file (entries at the archive's root, fixed timestamps, so the same seed gives the
     * same bytes). The export is first written to a temporary folder beside the zip, then removed.
     */
    public GeneratedCounts writeZip(Path zipFile) throws IOException {
        Path absolute = zipFile.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, ".profi-export-");
        try {
            GeneratedCounts counts = writeTo(staging);
            zip(staging, absolute, new ExportClock(seed));
            return counts;
        } finally {
            ExportFolders.delete(staging);
        }
    }

    private static void prepareEmptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    // a half-overwritten older export would silently mix two data sets
                    throw new FileAlreadyExistsException(dir.toString(), null, "output directory is not empty");
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** Written with "\n" line ends whatever the platform, for byte-identical output. */
    private static void writeManifest(Path file, WorkspacePools workspace, ExportClock clock) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("workspace_id", workspace.id());
        manifest.put("workspace_name", workspace.name());
        manifest.put("workspace_type", "team");
        manifest.put("exported_at", clock.exportedAtText());
        manifest.put("timezone", ExportClock.ZONE.getId());
        manifest.put("format_version", 1);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        byte[] json = JSON.writer(printer).writeValueAsBytes(manifest);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(json);
            out.write('\n');
        }
    }

    /** manifest.json first (readers look for it), then everything else in path order. */
    private static void zip(Path root, Path zipFile, ExportClock clock) throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.equals("manifest.json"))
                    .sorted()
                    .forEach(entries::add);
        }
        entries.add(0, "manifest.json");
        // local date-time in UTC: ZipEntry.setTime would use the machine's time zone and break reproducibility
        LocalDateTime stamp = LocalDateTime.ofInstant(clock.exportedAt(), ZoneOffset.UTC);
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zipFile), 1 << 16))) {
            for (String name : entries) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTimeLocal(stamp);
                zip.putNextEntry(entry);
                Files.copy(root.resolve(name), zip);
                zip.closeEntry();
            }
        }
    }
}
