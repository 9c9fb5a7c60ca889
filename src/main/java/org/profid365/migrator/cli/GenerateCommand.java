package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.GeneratedCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a realistic Profi export with every known trap, reproducible by seed. */
@Command(name = "generate", description = "Write a realistic Profi export (every file, files/ with bytes, every trap).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--clients", required = true, description = "Number of clients; other volumes follow (about 11 records per client).")
    int clients;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same export (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Export directory, or a file ending in .zip.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (clients < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--clients must be at least 1");
        }
        long start = System.nanoTime();
        ExportGenerator generator = new ExportGenerator(clients, seed);
        GeneratedCounts counts = out.toString().endsWith(".zip") ? generator.writeZip(out) : generator.writeTo(out);
        System.out.printf("Generated %,d records for %,d clients (seed %d) in %s in %.1f s%n", counts.total(), clients, seed, out,
                (System.nanoTime() - start) / 1e9);
        for (ProfiObject o : ProfiObject.values()) {
            System.out.printf("  %-22s %,12d%n", o.fileName(), counts.of(o));
        }
        System.out.println("Traps planted:");
        counts.traps().forEach((k, v) -> System.out.printf("  %-22s %,12d%n", k, v));
        return ExitCodes.OK;
    }
}
