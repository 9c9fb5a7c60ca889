package org.profid365.migrator.sim;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.profi.ExportManifest;
import org.profid365.migrator.profi.ExportReader;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/** One Profi export held in memory, in file order, as the simulated API serves it; immutable once loaded. */
final class ExportSnapshot {

    /** One page of a collection and the position of the next matching record (-1 when none is left). */
    record Page(List<ProfiRecord> records, int nextIndex) {
    }

    private final long generation;
    private final Path source;
    private final ExportManifest manifest;
    private final Map<ProfiObject, List<ProfiRecord>> records = new EnumMap<>(ProfiObject.class);
    /** Per record, its last-change time; null when the file has no such column or the cell is empty or malformed. */
    private final Map<ProfiObject, Instant[]> changedAt = new EnumMap<>(ProfiObject.class);
    private final Map<String, ProfiRecord> filesById = new HashMap<>();

    private ExportSnapshot(long generation, Path source, ExportManifest manifest) {
        this.generation = generation;
        this.source = source;
        this.manifest = manifest;
    }

    static ExportSnapshot load(Path source, long generation) {
        try (ExportReader reader = ExportReader.open(source)) {
            ExportSnapshot snapshot = new ExportSnapshot(generation, source, reader.manifest());
            for (ProfiObject object : ProfiObject.values()) {
                List<ProfiRecord> rows = new ArrayList<>();
                reader.read(object, rows::add);
                Instant[] changed = new Instant[rows.size()];
                for (int i = 0; i < changed.length; i++) {
                    changed[i] = changeTime(object, rows.get(i), reader.manifest().timezone());
                }
                snapshot.records.put(object, List.copyOf(rows));
                snapshot.changedAt.put(object, changed);
            }
            for (ProfiRecord file : snapshot.records.get(ProfiObject.FILE)) {
                String id = file.profiId();
                if (id != null) {
                    snapshot.filesById.putIfAbsent(id, file); // a duplicated id serves the first row, as in file order
                }
            }
            return snapshot;
        }
    }

    long generation() {
        return generation;
    }

    ExportManifest manifest() {
        return manifest;
    }

    int size(ProfiObject object) {
        return records.get(object).size();
    }

    long totalRecords() {
        return records.values().stream().mapToLong(List::size).sum();
    }

    /**
     * Up to {@code pageSize} records from position {@code start} on that changed at or after {@code since}
     * (all records when it is null).
     */
    Page page(ProfiObject object, int start, int pageSize, Instant since) {
        List<ProfiRecord> rows = records.get(object);
        Instant[] changed = changedAt.get(object);
        List<ProfiRecord> page = new ArrayList<>(Math.min(pageSize, rows.size()));
        for (int i = start; i < rows.size(); i++) {
            if (since == null || changed[i] == null || !changed[i].isBefore(since)) {
                if (page.size() == pageSize) {
                    return new Page(page, i);
                }
                page.add(rows.get(i));
            }
        }
        return new Page(page, -1);
    }

    /** The files.csv row with this id, or null. */
    ProfiRecord file(String id) {
        return filesById.get(id);
    }

    /** Opens an uploaded file of this export; a fresh reader each time, so replacing the data never closes it under a request. */
    InputStream openAttachment(String pathInFiles) throws IOException {
        ExportReader reader = ExportReader.open(source);
        try {
            InputStream in = reader.openAttachment(pathInFiles);
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        reader.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * The record's {@code updated_at}, or its {@code created_at} when the file has none or the cell is empty.
     * Null (always served by {@code updated_since}) when neither is there or the text is not a timestamp:
     * a delta must never hide a record it cannot date.
     */
    private static Instant changeTime(ProfiObject object, ProfiRecord record, ZoneId zone) {
        String text = object.updatedAtColumn().map(record::get).orElse(null);
        if (text == null && object.column("created_at").isPresent()) {
            text = record.get("created_at");
        }
        return text == null ? null : instantOrNull(text.trim(), zone);
    }

    /** ISO-8601 with an offset or zone, or without one in the export's time zone. */
    static Instant instantOrNull(String text, ZoneId exportZone) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            ZoneId zone = parsed.query(TemporalQueries.zone());
            return LocalDateTime.from(parsed).atZone(zone != null ? zone : exportZone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
