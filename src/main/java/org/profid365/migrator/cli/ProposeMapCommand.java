package org.profid365.migrator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingProposal;
import org.profid365.migrator.mapping.MappingProposer;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.mapping.TargetMetadata;
import org.profid365.migrator.pipeline.MigratorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Writes the proposed mapping file from the default object map and the staged data, for a person to review. */
@Command(name = "propose-map", description = "Propose the mapping file from the default object map and the staged data "
        + "(custom fields reuse a fitting column of the org when DATAVERSE_URL is set, else become typed custom columns; "
        + "every value seen is listed in its value map). An existing file "
        + "is never overwritten: the proposal then goes beside it as <name>.proposed.yaml.")
final class ProposeMapCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        Path file = Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml"));
        MappingProposal proposal;
        if (config.get("dataverse.url") == null) {
            System.out.println("No DATAVERSE_URL: the proposal creates a new column for every custom field, "
                    + "without looking for columns the org already has.");
            try (MigratorContext ctx = MigratorContext.open(config)) {
                proposal = new MappingProposer(ctx).proposal();
            }
        } else {
            DefaultCamelContext camel = new DefaultCamelContext();
            try {
                camel.start();
                try (DataverseConnection dv = DataverseConnection.open(camel, config);
                     MigratorContext ctx = MigratorContext.open(config)) {
                    dv.startUp();
                    proposal = new MappingProposer(ctx, TargetMetadata.of(dv.metadata())).proposal();
                }
            } finally {
                camel.close();
            }
        }
        Path target = file;
        if (Files.exists(file)) {
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            target = file.resolveSibling(name + ".proposed.yaml");
        }
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, "# Proposed by propose-map.\n" + proposal.yaml(), StandardCharsets.UTF_8);
        System.out.print(MappingSummary.of(proposal.mapping()).text());
        System.out.println("Proposal written to " + target.toAbsolutePath()
                + (target.equals(file) ? "" : " (the existing " + file + " was left as it is)"));
        return ExitCodes.OK;
    }
}
