package org.profid365.migrator.sim;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;

/**
 * Every CSV file of one export, open at once, so that a client's sessions, notes and payments are written
 * right after the client and nothing has to be held back. Rows are filled by column name, never by position.
 */
final class ExportFiles implements Closeable {

    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final int BUFFER = 1 << 16;

    private final Path directory;
    private final Map<ProfiObject, CSVPrinter> printers = new EnumMap<>(ProfiObject.class);
    private final Map<ProfiObject, Row> rows = new EnumMap<>(ProfiObject.class);
    private final Map<ProfiObject, Long> counts = new EnumMap<>(ProfiObject.class);

    /** Opens one file per object type; {@code customColumns} lists the cf_ columns of the files that carry them. */
    ExportFiles(Path directory, Map<ProfiObject, List<String>> customColumns) throws IOException {
        this.directory = directory;
        try {
            for (ProfiObject object : ProfiObject.values()) {
                List<String> header = new ArrayList<>();
                for (Column c : object.columns()) {
                    header.add(c.name());
                }
                header.addAll(customColumns.getOrDefault(object, List.of()));
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(directory.resolve(object.fileName())), StandardCharsets.UTF_8), BUFFER);
                CSVPrinter printer = new CSVPrinter(writer, CSV);
                printers.put(object, printer);
                printer.printRecord(header);
                rows.put(object, new Row(object, header));
                counts.put(object, 0L);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    Path directory() {
        return directory;
    }

    /** The (cleared) row of a file, to fill with {@link Row#set} and {@link Row#write}. */
    Row start(ProfiObject object) {
        Row row = rows.get(object);
        row.clear();
        return row;
    }

    Map<ProfiObject, Long> counts() {
        return counts;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CSVPrinter printer : printers.values()) {
            try {
                printer.close(true);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        printers.clear();
        if (first != null) {
            throw first;
        }
    }

    /** One row being filled; reused for every row of its file because rows are written one at a time. */
    final class Row {
        private final ProfiObject object;
        private final Map<String, Integer> positions = new HashMap<>();
        private final String[] cells;

        private Row(ProfiObject object, List<String> header) {
            this.object = object;
            for (int i = 0; i < header.size(); i++) {
                positions.put(header.get(i), i);
            }
            this.cells = new String[header.size()];
        }

        private void clear() {
            Arrays.fill(cells, "");
        }

        /** Sets a cell; null leaves it empty. A column the file does not have is a programming error. */
        Row set(String column, Object value) {
            Integer at = positions.get(column);
            if (at == null) {
                throw new IllegalArgumentException(object.fileName() + " has no column " + column);
            }
            cells[at] = value == null ? "" : value.toString();
            return this;
        }

        void write() throws IOException {
            printers.get(object).printRecord((Object[]) cells);
            counts.merge(object, 1L, Long::sum);
        }
    }
}
