package org.profid365.migrator.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operation prints (the lines the CLI would show): each line goes to the log and the last
 * {@value #KEEP} stay with the operation, for {@code GET /api/runs/<id>} and the console.
 */
final class OperationOutput extends OutputStream {

    static final int KEEP = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final String operation;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

    OperationOutput(String operation) {
        this.operation = operation;
    }

    PrintStream stream() {
        return stream;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String line = pending.toString(StandardCharsets.UTF_8).stripTrailing();
            pending.reset();
            LOG.info("[{}] {}", operation, line);
            lines.addLast(line);
            if (lines.size() > KEEP) {
                lines.removeFirst();
            }
        } else {
            pending.write(b);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
