package org.profid365.migrator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time spent while the meter runs: by this JVM, split into the in-process simulator's threads, the other Java
 * threads (the migrator's) and the JVM's own (GC, JIT) by sampling every thread's CPU time every 100 ms (a thread that
 * ends between two samples loses at most 100 ms of it); by the embedded PostgreSQL server and its backends; and by a
 * simulator in a child process. Process figures come from /proc (Linux); elsewhere they are -1.
 */
final class CpuMeter implements AutoCloseable {

    /**
     * Nanoseconds of CPU; -1 when not measurable here. {@code javaThreadNanos} is every Java thread's (the
     * simulator's included); the rest of {@code jvmNanos} is the JVM's own threads: garbage collection and JIT.
     */
    record Cpu(long wallNanos, long jvmNanos, long javaThreadNanos, long simulatorThreadNanos, long postgresNanos,
               long childNanos, long gcPauseMillis, long simulatorAllocated, long migratorAllocated,
               Map<String, Long> postgresParts, Map<String, Long> jvmThreadParts) {

        long jvmInternalNanos() {
            return jvmNanos < 0 || javaThreadNanos < 0 ? -1 : Math.max(0, jvmNanos - javaThreadNanos);
        }

        long migratorThreadNanos() {
            return javaThreadNanos < 0 ? -1 : javaThreadNanos - simulatorThreadNanos;
        }


        double share(long part) {
            return jvmNanos <= 0 || part < 0 ? 0 : 100.0 * part / jvmNanos;
        }
    }

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Predicate<String> simulatorThread;
    private final Long postmasterPid;
    private final Long childPid;
    private final Map<Long, Long> threadStart = new HashMap<>();
    private final Map<Long, Long> threadLatest = new HashMap<>();
    private final Map<Long, Boolean> isSimulator = new HashMap<>();
    private final Map<Long, Long> allocStart = new HashMap<>();
    private final Map<Long, Long> allocLatest = new HashMap<>();
    private final long gcStart = gcMillis();
    private final Map<String, Long> pgChildStart = new HashMap<>();
    private final Map<String, Long> jvmTasksStart;
    private final long wallStart = System.nanoTime();
    private final long jvmStart;
    private final long pgStart;
    private final long childStart;
    private final Thread sampler;
    private volatile boolean running = true;

    private CpuMeter(Predicate<String> simulatorThread, Long postmasterPid, Long childPid) {
        this.simulatorThread = simulatorThread;
        this.postmasterPid = postmasterPid;
        this.childPid = childPid;
        this.jvmStart = jvmCpu();
        this.jvmTasksStart = jvmTasks();
        this.pgChildStart.putAll(pgChildren());
        Map<String, Long> pg = postgresParts();
        this.pgStart = pg == null ? -1 : pg.get("ended");
        this.childStart = processCpu(childPid, false);
        sampleThreads(true);
        this.sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                sampleThreads(false);
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * @param simulatorThread names of the in-process simulator's threads
     * @param postgresData    the embedded server's data directory (its postmaster.pid), or null
     * @param childPid        a simulator's child process, or null
     */
    static CpuMeter start(Predicate<String> simulatorThread, Path postgresData, Long childPid) {
        return new CpuMeter(simulatorThread, postmasterPid(postgresData), childPid);
    }

    private synchronized void sampleThreads(boolean first) {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        long[] allocated = threads instanceof com.sun.management.ThreadMXBean sun ? sun.getThreadAllocatedBytes(ids) : null;
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0) {
                continue;
            }
            if (first) {
                threadStart.put(ids[i], cpu);
            } else {
                threadStart.putIfAbsent(ids[i], 0L); // a thread born while the meter ran
            }
            threadLatest.merge(ids[i], cpu, Math::max);
            if (allocated != null && allocated[i] >= 0) {
                if (first) {
                    allocStart.put(ids[i], allocated[i]);
                } else {
                    allocStart.putIfAbsent(ids[i], 0L);
                }
                allocLatest.merge(ids[i], allocated[i], Math::max);
            }
            isSimulator.putIfAbsent(ids[i], simulatorThread.test(infos[i].getThreadName()));
        }
    }

    Cpu stop() {
        running = false;
        sampler.interrupt();
        sampleThreads(false);
        long sim;
        long all;
        long simAlloc = 0;
        long otherAlloc = 0;
        synchronized (this) {
            for (Map.Entry<Long, Long> e : allocLatest.entrySet()) {
                long bytes = e.getValue() - allocStart.getOrDefault(e.getKey(), 0L);
                if (isSimulator.getOrDefault(e.getKey(), false)) {
                    simAlloc += bytes;
                } else {
                    otherAlloc += bytes;
                }
            }
            sim = threads.isThreadCpuTimeSupported() ? 0 : -1;
            all = sim;
            for (Map.Entry<Long, Long> e : threadLatest.entrySet()) {
                long used = e.getValue() - threadStart.getOrDefault(e.getKey(), 0L);
                all += used;
                if (isSimulator.getOrDefault(e.getKey(), false)) {
                    sim += used;
                }
            }
        }
        Map<String, Long> pgParts = postgresParts();
        long pg = -1;
        if (pgParts != null && pgStart >= 0) {
            pgParts.put("ended", pgParts.get("ended") - pgStart);
            pg = pgParts.values().stream().mapToLong(Long::longValue).sum();
        }
        long child = processCpu(childPid, false);
        Map<String, Long> internal = new java.util.TreeMap<>();
        jvmTasks().forEach((task, cpu) -> {
            long used = cpu - jvmTasksStart.getOrDefault(task, 0L);
            internal.merge(task.substring(task.indexOf(':') + 1), used, Long::sum);
        });
        return new Cpu(System.nanoTime() - wallStart, jvmCpu() - jvmStart, all, sim,
                pg, child < 0 || childStart < 0 ? -1 : child - childStart,
                gcMillis() - gcStart, simAlloc, otherAlloc, pgParts == null ? Map.of() : pgParts, internal);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /**
     * CPU of this JVM's own threads by kind ("tid:jit", "tid:gc", "tid:vm"), from /proc/self/task: the JIT compiler
     * and collector threads are not Java threads, so the thread MXBean does not see them.
     */
    private static Map<String, Long> jvmTasks() {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String comm = Files.readString(t.resolve("comm")).trim();
                String kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jit"
                        : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "gc"
                        : comm.equals("VM Thread") || comm.startsWith("VM Periodic") ? "vm" : null;
                if (kind != null) {
                    String[] f = stat(t.resolve("stat"));
                    if (f != null) {
                        out.put(t.getFileName() + ":" + kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Time in collections, summed over the collectors (pauses for the young ones). */
    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static long jvmCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static Long postmasterPid(Path dataDir) {
        if (dataDir == null) {
            return null;
        }
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The server, the children it has reaped, and its live backends. */
    private long postgresCpu() {
        Map<String, Long> parts = postgresParts();
        return parts == null ? -1 : parts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * PostgreSQL's CPU by kind of process: the migrator's connections ("backends"), autovacuum workers that still run,
     * the other server processes, and "ended" (the server itself and the children it has reaped: mostly autovacuum
     * workers, which exit after each table). Per live process, so a process born while the meter ran counts whole.
     */
    private Map<String, Long> postgresParts() {
        if (postmasterPid == null) {
            return null;
        }
        long ended = processCpu(postmasterPid, true);
        if (ended < 0) {
            return null;
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        out.put("ended", ended);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                String[] f = stat(p.resolve("stat"));
                if (f != null && Long.parseLong(f[1]) == postmasterPid) {
                    long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
                    String cmd = cmdline(p);
                    String kind = cmd.startsWith("postgres: autovacuum") ? "autovacuum"
                            : cmd.matches("postgres: \\S+ \\S+ \\S+.*") && !cmd.contains("logical replication") ? "backends" : "server";
                    out.merge(kind, cpu - pgChildStart.getOrDefault(p.getFileName().toString() + ":" + f[19], 0L), Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out;
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** CPU of the server's live children when the meter started, by "pid:starttime". */
    private Map<String, Long> pgChildren() {
        Map<String, Long> out = new HashMap<>();
        if (postmasterPid == null) {
            return out;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                String[] f = stat(p.resolve("stat"));
                if (f != null && Long.parseLong(f[1]) == postmasterPid) {
                    out.put(p.getFileName().toString() + ":" + f[19], (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    private static long processCpu(Long pid, boolean withReapedChildren) {
        if (pid == null) {
            return -1;
        }
        String[] f = stat(Path.of("/proc", pid.toString(), "stat"));
        if (f == null) {
            return -1;
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks * TICK_NANOS;
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
