package org.profid365.migrator.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;

/**
 * The bytes of exported files ({@code files/<path>} of files.csv), read from the export that last changed the file
 * record: a directory or a .zip, which the inbox may since have moved to {@code .done/<time>-<name>}. A path that
 * leaves {@code files/} is refused, never read.
 */
final class ExportFiles implements AutoCloseable {

    private record Source(String location, String kind) {
    }

    private final DataSource ds;
    private final Map<Long, Source> sources = new HashMap<>();
    private final Map<String, ZipFile> zips = new HashMap<>();

    ExportFiles(DataSource ds) {
        this.ds = ds;
    }

    /** The bytes of {@code path} in export {@code exportId}, or null when the export or the file is not there. */
    synchronized byte[] read(Long exportId, String path) {
        if (exportId == null || path == null || path.isBlank()) {
            return null;
        }
        String clean = path.strip().replace('\\', '/');
        if (clean.startsWith("/") || clean.contains("../") || clean.equals("..")) {
            return null;
        }
        Source s = source(exportId);
        if (s == null) {
            return null;
        }
        try {
            Path location = locate(Path.of(s.location()));
            if (location == null) {
                return null;
            }
            if (Files.isDirectory(location)) {
                Path base = location.toAbsolutePath().normalize().resolve("files");
                Path f = base.resolve(clean).normalize();
                return f.startsWith(base) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
            }
            ZipFile zip = zips.get(location.toString());
            if (zip == null) {
                zip = new ZipFile(location.toFile());
                zips.put(location.toString(), zip);
            }
            ZipEntry e = entry(zip, clean);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file " + clean + " of export " + s.location() + ": " + e.getMessage(), e);
        }
    }

    /** {@code files/<path>} at the top of the zip or under its single top-level folder. */
    private static ZipEntry entry(ZipFile zip, String path) {
        ZipEntry direct = zip.getEntry("files/" + path);
        if (direct != null) {
            return direct;
        }
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("files/" + path)) {
                return e;
            }
        }
        return null;
    }

    /** The export where it was staged, or where the inbox moved it ({@code .done/<time>-<name>}, newest). */
    private static Path locate(Path original) throws IOException {
        if (Files.exists(original)) {
            return original;
        }
        Path done = original.toAbsolutePath().getParent() == null ? null : original.toAbsolutePath().getParent().resolve(".done");
        if (done == null || !Files.isDirectory(done)) {
            return null;
        }
        Path newest = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(done, "*-" + original.getFileName())) {
            for (Path p : ds) {
                if (newest == null || p.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
                    newest = p;
                }
            }
        }
        return newest;
    }

    private Source source(long exportId) {
        return sources.computeIfAbsent(exportId, id -> {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select source, kind from source_export where id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && !"http".equals(rs.getString(2)) ? new Source(rs.getString(1), rs.getString(2)) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read export " + id + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public synchronized void close() {
        for (ZipFile z : zips.values()) {
            try {
                z.close();
            } catch (IOException ignored) {
                // closing a read-only zip: nothing to lose
            }
        }
        zips.clear();
    }
}
