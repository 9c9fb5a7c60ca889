package org.profid365.migrator.load;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-stage counters of one run, shared by the workers, the console progress line and the {@code MigrationRun}
 * MBean: done (landed), rejected, total, when the stage started and finished.
 */
public final class LoadProgress {

    /** The counters of one stage. */
    public static final class Stage {
        final AtomicLong total = new AtomicLong();
        final AtomicLong landed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile long startedNanos;
        volatile long finishedNanos;

        public long total() {
            return total.get();
        }

        public long landed() {
            return landed.get();
        }

        public long rejected() {
            return rejected.get();
        }

        public long done() {
            return landed.get() + rejected.get();
        }

        public boolean started() {
            return startedNanos != 0;
        }

        public boolean finished() {
            return finishedNanos != 0;
        }

        /** Records per second since the stage started (to its end when finished). */
        public double rate() {
            if (startedNanos == 0) {
                return 0;
            }
            long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
            double seconds = Math.max(1e-3, (end - startedNanos) / 1e9);
            return done() / seconds;
        }

        /** The time left at the current rate; null when unknown. */
        public Duration eta() {
            double r = rate();
            long left = total() - done();
            if (finished() || left <= 0) {
                return Duration.ZERO;
            }
            return r <= 0 ? null : Duration.ofMillis((long) (left / r * 1000));
        }

        public Duration elapsed() {
            if (startedNanos == 0) {
                return Duration.ZERO;
            }
            long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
            return Duration.ofNanos(end - startedNanos);
        }
    }

    private final Map<LoadStage, Stage> stages = new EnumMap<>(LoadStage.class);
    private volatile LoadStage current;
    private final AtomicLong unavailable = new AtomicLong();

    public LoadProgress() {
        for (LoadStage s : LoadStage.values()) {
            stages.put(s, new Stage());
        }
    }

    void startStage(LoadStage stage, long total) {
        Stage s = stages.get(stage);
        s.total.set(total);
        s.startedNanos = System.nanoTime();
        current = stage;
    }

    void finishStage(LoadStage stage) {
        stages.get(stage).finishedNanos = System.nanoTime();
    }

    void batchDone(LoadStage stage, int landed, int rejected) {
        Stage s = stages.get(stage);
        s.landed.addAndGet(landed);
        s.rejected.addAndGet(rejected);
    }

    public Stage stage(LoadStage stage) {
        return stages.get(stage);
    }

    /** The stage running now (the last started). */
    public LoadStage current() {
        return current;
    }

    public long landed() {
        return stages.values().stream().mapToLong(Stage::landed).sum();
    }

    public long rejected() {
        return stages.values().stream().mapToLong(Stage::rejected).sum();
    }

    /**
     * Of the rejected records, those that failed for a passing reason, not their data: Dataverse kept answering
     * 429/503 or timed out, or their batch failed as a whole. A delta run with any fails, so its watermark stays.
     */
    public long unavailable() {
        return unavailable.get();
    }

    void unavailable(long records) {
        unavailable.addAndGet(records);
    }

    /** The run counters kept in the ledger: per stage total/landed/rejected/seconds. */
    public Map<String, Object> counters() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<LoadStage, Stage> e : stages.entrySet()) {
            Stage s = e.getValue();
            if (!s.started()) {
                continue;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("total", s.total());
            c.put("landed", s.landed());
            c.put("rejected", s.rejected());
            c.put("seconds", Math.round(s.elapsed().toMillis() / 100.0) / 10.0);
            out.put(e.getKey().stageName(), c);
        }
        return out;
    }

    /** {@code clients 1,200/5,000 (3 rejected) 850 rec/s ETA 0:04}. */
    public String line(LoadStage stage) {
        Stage s = stages.get(stage);
        Duration eta = s.eta();
        return String.format("%-21s %,d/%,d (%,d rejected) %,.0f rec/s %s", stage.stageName(), s.done(), s.total(),
                s.rejected(), s.rate(), s.finished() ? "done in " + format(s.elapsed())
                        : "ETA " + (eta == null ? "?" : format(eta)));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
