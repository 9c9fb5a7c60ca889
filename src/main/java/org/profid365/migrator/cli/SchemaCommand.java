package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaPlan;
import org.profid365.migrator.schema.SchemaPlanPrinter;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Plans, and with --apply creates, the custom tables, columns, lookups and alternate keys the mapping file asks for. */
@Command(name = "schema", description = "Compare the mapping file (migrator.mapping.file) with the org's metadata and "
        + "print what schema provisioning creates and what exists; --apply then creates it (tables, columns, lookups, "
        + "alternate keys, publish). Exits 3, creating nothing, when the plan has problems (a column with an incompatible "
        + "type, a missing standard column, more custom tables than dataverse.edition allows).")
final class SchemaCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--dry-run", required = true, description = "Only print the plan; nothing is written.")
        boolean dryRun;

        @Option(names = "--apply", required = true, description = "Print the plan, then create what it lists.")
        boolean apply;
    }

    /** Why the mapping may not drive writes yet, if it may not. */
    private static java.util.Optional<String> approvalProblem(org.profid365.migrator.pipeline.MigratorContext ctx,
                                                              MappingLoader.LoadedMapping loaded) throws Exception {
        return new org.profid365.migrator.mapping.MappingApprovals(ctx).unapprovedReason(loaded);
    }

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        Edition edition = Edition.parse(config.get("dataverse.edition", "sales-professional"));
        Path file = Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml"));
        MappingLoader.LoadedMapping loaded = MappingLoader.load(file);
        String configured = config.get("dataverse.publisher.prefix", "profi").toLowerCase(Locale.ROOT);
        String mapped = loaded.mapping().publisherPrefix().toLowerCase(Locale.ROOT);
        if (!configured.equals(mapped)) {
            throw new ConfigurationException("the mapping file's publisherPrefix '" + mapped
                    + "' differs from dataverse.publisher.prefix '" + configured + "'");
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            try (DataverseConnection dv = DataverseConnection.open(camel, config);
                 org.profid365.migrator.pipeline.MigratorContext ctx = org.profid365.migrator.pipeline.MigratorContext.open(config)) {
                dv.startUp();
                // what --apply creates is recorded for rollback --schema
                SchemaProvisioner provisioner = SchemaProvisioner.of(dv, loaded.mapping(), edition,
                        new SchemaChanges(ctx.store().dataSource(), ctx.migration().id()));
                SchemaPlan plan = provisioner.dryRun();
                System.out.println("Schema plan for " + file + ":");
                System.out.print(SchemaPlanPrinter.table(plan));
                // preflight: every failure is listed at once, and nothing is created while one remains
                java.util.Optional<String> unapproved = approvalProblem(ctx, loaded);
                if (plan.hasProblems() || (mode.apply && unapproved.isPresent())) {
                    System.err.println("preflight failed: " + (plan.problems().size() + (mode.apply && unapproved.isPresent() ? 1 : 0))
                            + " problem(s); nothing was created");
                    unapproved.filter(u -> mode.apply).ifPresent(u -> System.err.println("  - " + u));
                    return ExitCodes.PREFLIGHT_FAILED;
                }
                unapproved.ifPresent(u -> System.out.println("Note: " + u + " (required before --apply)"));
                if (mode.apply) {
                    SchemaProvisioner.Applied applied = provisioner.apply();
                    if (applied.plan().hasProblems()) {
                        System.err.println("preflight failed: the org changed since the plan; nothing was created");
                        applied.plan().problems().forEach(p -> System.err.println("  - " + p));
                        return ExitCodes.PREFLIGHT_FAILED;
                    }
                    if (applied.done().isEmpty()) {
                        System.out.println("Nothing to do: the schema is in place.");
                    } else {
                        System.out.println("Done:");
                        applied.done().forEach(d -> System.out.println("  " + d));
                    }
                }
            }
        } finally {
            camel.close();
        }
        return ExitCodes.OK;
    }
}
