package org.profid365.migrator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.profid365.migrator.store.DeadLetterQuery;

/** The dead letters on the console (counts, then one line each) and as CSV with their payloads, for a fix-up sheet. */
public final class DeadLetterReport {

    private static final String[] HEADER = {"id", "stage", "object_type", "record_key", "profi_id", "source_file",
            "source_line", "field", "reason", "attempts", "replay_state", "updated_at", "payload"};

    private DeadLetterReport() {
    }

    public static String table(Connection c, DeadLetterQuery q, int limit) throws SQLException {
        List<DeadLetterQuery.Count> counts = q.counts(c);
        StringBuilder sb = new StringBuilder();
        TextTable summary = new TextTable("STAGE", "OBJECT", "OPEN");
        long total = 0;
        for (DeadLetterQuery.Count n : counts) {
            summary.row(n.stage(), n.objectType(), n.open());
            total += n.open();
        }
        sb.append(String.format("%,d open dead letters%n", total));
        if (total == 0) {
            return sb.toString();
        }
        sb.append(summary.render()).append(System.lineSeparator());
        TextTable rows = new TextTable("ID", "STAGE", "RECORD", "FIELD", "REASON", "ATTEMPTS");
        q.forEach(c, limit, r -> rows.row(r.id(), r.stage(), r.objectType() + ":" + r.recordKey(),
                r.field() == null ? "" : r.field(), r.reason(), r.attempts()));
        sb.append(rows.render());
        if (limit > 0 && total > limit) {
            sb.append(String.format("  ... %,d more (--limit, or export them all)%n", total - limit));
        }
        return sb.toString();
    }

    /** Writes every matching dead letter to {@code file}; returns how many. */
    public static long writeCsv(Connection c, DeadLetterQuery q, Path file) throws SQLException, IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        long[] n = {0};
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(HEADER).build())) {
            IOException[] failure = {null};
            q.forEach(c, 0, r -> {
                try {
                    csv.printRecord(r.id(), r.stage(), r.objectType(), r.recordKey(), r.profiId(), r.sourceFile(),
                            r.sourceLine(), r.field(), r.reason(), r.attempts(), r.replayState(), r.updatedAt(), r.payload());
                    n[0]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return n[0];
    }
}
