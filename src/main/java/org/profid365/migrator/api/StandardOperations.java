package org.profid365.migrator.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.api.Operations.Param;
import org.profid365.migrator.load.DeadLetterReplay;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingProposal;
import org.profid365.migrator.mapping.MappingProposer;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.mapping.ProposalFile;
import org.profid365.migrator.mapping.TargetMetadata;
import org.profid365.migrator.report.Inventory;
import org.profid365.migrator.report.InventoryBuilder;
import org.profid365.migrator.report.InventoryReport;
import org.profid365.migrator.store.DeadLetterQuery;

/**
 * The operations {@code serve} offers, each the same work as its CLI command. One more (sample, verify, delta,
 * rollback) is one {@code register} line here: a name, what it does, its parameters, and a function that opens
 * its run and returns the run's id.
 */
public final class StandardOperations {

    private StandardOperations() {
    }

    public static Operations registerAll(Operations ops) {
        ops.register("inventory", "Count the staged records, profile custom fields, list the traps; writes "
                + "reports/inventory.html and inventory.json", List.of(), StandardOperations::inventory);
        ops.register("propose-map", "Propose the mapping file from the staged data (and the org's columns when Dataverse "
                + "is configured); an existing file is kept and the proposal goes beside it as *.proposed.yaml",
                List.of(), StandardOperations::proposeMap);
        ops.register("full", "Load every pending staged record into Dynamics 365, after the preflight", List.of(),
                (env, p) -> LoadJob.runFull(env.camel(), env.context(), env.dataverse(), env.preflightedMapping(),
                        env.out()).runId());
        ops.register("replay", "Map the load's dead letters again with the approved mapping and send them",
                List.of(Param.text("stage", "only this load stage (clients, tasks, ...)"),
                        Param.text("reason", "only dead letters whose reason contains this text")),
                (env, p) -> DeadLetterReplay.run(env.camel(), env.context(), env.dataverse(), env.preflightedMapping(),
                        new DeadLetterQuery(env.context().migration().id(), p.text("stage", null), p.text("reason", null)),
                        env.out()).runId());
        return ops;
    }

    static long inventory(OperationEnvironment env, OperationParams params) throws Exception {
        long run = env.openRun("inventory", "reports/inventory.html, reports/inventory.json");
        Inventory inv = new InventoryBuilder(env.context()).build();
        env.out().println(InventoryReport.table(inv));
        InventoryReport.writeJson(inv, env.reportsDir());
        InventoryReport.writeHtml(inv, env.reportsDir());
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("staged", inv.objects().stream().mapToLong(Inventory.ObjectCounts::staged).sum());
        counters.put("customFields", inv.customFields().size());
        counters.put("traps", inv.traps().size());
        counters.put("reports", List.of("inventory.html", "inventory.json"));
        env.succeeded(run, counters);
        return run;
    }

    static long proposeMap(OperationEnvironment env, OperationParams params) throws Exception {
        Path file = OperationEnvironment.mappingFile(env.config());
        // Dataverse first: an org that does not answer is the caller's 502, not a failed run
        MappingProposer proposer = env.dataverseConfigured()
                ? new MappingProposer(env.context(), TargetMetadata.of(env.dataverse().metadata()))
                : new MappingProposer(env.context());
        long run = env.openRun("propose-map", file.toString());
        if (!env.dataverseConfigured()) {
            env.out().println("No DATAVERSE_URL: the proposal creates a new column for every custom field.");
        }
        MappingProposal proposal = proposer.proposal();
        Path written = ProposalFile.write(proposal, file);
        MappingSummary summary = MappingSummary.of(proposal.mapping());
        env.out().print(summary.text());
        env.out().println("Proposal written to " + written.toAbsolutePath());
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("file", written.toString());
        counters.put("fieldsMapped", summary.fieldsMapped());
        counters.put("lowConfidence", summary.lowConfidence());
        counters.put("undecidedValues", summary.undecidedValues().size());
        env.succeeded(run, counters);
        return run;
    }
}
