package org.profid365.migrator.load;

import java.io.PrintStream;

/**
 * The console's view of a run: on a terminal, one progress line per stage rewritten in place every second; when
 * the output is a file or a pipe, a plain line every ten seconds (logs stay readable). A finished stage's line
 * is printed once more, complete.
 */
final class ProgressPrinter implements AutoCloseable {

    private final LoadProgress progress;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressPrinter(LoadProgress progress, PrintStream out, boolean terminal) {
        this.progress = progress;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "load-progress");
        this.thread.setDaemon(true);
    }

    static ProgressPrinter start(LoadProgress progress) {
        ProgressPrinter p = new ProgressPrinter(progress, System.out, System.console() != null);
        p.thread.start();
        return p;
    }

    private void loop() {
        long every = terminal ? 1000 : 10_000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            LoadStage s = progress.current();
            if (s != null && running && !progress.stage(s).finished()) {
                synchronized (out) {
                    out.print(terminal ? "\r  " + progress.line(s) + "   " : "  " + progress.line(s) + System.lineSeparator());
                    out.flush();
                }
            }
        }
    }

    void stageDone(LoadStage stage) {
        synchronized (out) {
            out.println((terminal ? "\r  " : "  ") + progress.line(stage) + "   ");
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
