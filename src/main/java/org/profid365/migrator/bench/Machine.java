package org.profid365.migrator.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/** The machine a figure was measured on: cores, memory, JVM and its collector, and the load average at a moment. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return String.format("%d cores (nproc), %.1f GiB memory, %s %s, max heap %d MB, collectors %s",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), collectors());
    }

    /** The collectors' own names ("PS Scavenge, PS MarkSweep", "G1 Young Generation, …"): figures depend on them. */
    static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }

    /** The collector flag this JVM was started with (-XX:+UseParallelGC …), for a child JVM to run with the same. */
    static Optional<String> collectorFlag() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.matches("-XX:\\+Use\\w+GC")).reduce((first, last) -> last);
    }

    /** The 1, 5 and 15 minute load averages as /proc/loadavg writes them ("n/a" off Linux). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "n/a" : String.format("%.2f", one);
        }
    }
}
