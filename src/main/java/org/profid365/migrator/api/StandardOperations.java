package org.profid365.migrator.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.profid365.migrator.api.Operations.Param;
import org.profid365.migrator.load.DeadLetterReplay;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.delta.DeltaJob;
import org.profid365.migrator.delta.DeltaRun;
import org.profid365.migrator.delta.DeltaSummary;
import org.profid365.migrator.delta.PreflightFailedException;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.MappingProposal;
import org.profid365.migrator.mapping.MappingProposer;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.mapping.ProposalFile;
import org.profid365.migrator.mapping.TargetMetadata;
import org.profid365.migrator.report.Inventory;
import org.profid365.migrator.report.InventoryBuilder;
import org.profid365.migrator.report.InventoryReport;
import org.profid365.migrator.report.SampleReview;
import org.profid365.migrator.report.VerificationReport;
import org.profid365.migrator.rollback.RollbackJob;
import org.profid365.migrator.rollback.RollbackRun;
import org.profid365.migrator.store.DeadLetterQuery;

/**
 * The operations {@code serve} offers, each the same work as its CLI command. One more is one {@code register} line
 * here: a name, what it does, its parameters, and a function that opens its run and returns the run's id.
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
        ops.register("sample", "Load a representative sample of about N records (every object type, custom field and "
                + "value-map entry, with what they point at), after the preflight, read it back and write the field-level "
                + "diff to reports/sample-diff.html and .csv", List.of(Param.number("size", "about how many records (N)")),
                StandardOperations::sample);
        ops.register("verify", "After a full load: counts, every written record present, lookups, owners, and every "
                + "field read back and compared; writes reports/verify.html and verify.json", List.of(),
                StandardOperations::verify);
        ops.register("delta", "Pick up what changed in Profi since the last delta and write it to Dynamics 365 (the "
                + "route delta-run the cron uses)",
                List.of(Param.text("source", "export directory, .zip or Profi API URL (default: profi.source, else the inbox)")),
                StandardOperations::delta);
        ops.register("rollback", "Delete from Dynamics 365 every record the migration created and restore every record "
                + "it changed, from the audit log",
                List.of(Param.flag(CONFIRM, "required: true, to confirm that Dynamics 365 is to be rolled back"),
                        Param.text("preExisting", "unlink or stop: a record that existed before and would go with a "
                                + "cascade (default: migrator.rollback.pre-existing-children)"),
                        Param.flag("schema", "true: once no created record is left, also remove the custom tables, "
                                + "columns, lookups and keys schema --apply created (as rollback --schema)")),
                StandardOperations::rollback);
        return ops;
    }

    /** The parameter a rollback must be started with, set to true: without it nothing is undone (a 400). */
    static final String CONFIRM = "confirm";
    private static final int MAX_SAMPLE = 100_000;

    static long sample(OperationEnvironment env, OperationParams p) throws Exception {
        int size = (int) p.number("size", 0, 1, MAX_SAMPLE); // 0: not given, since the range starts at 1
        if (size == 0) {
            throw ApiProblem.badRequest("missing parameter", "'size' is required: about how many records the sample holds "
                    + "(1 to " + MAX_SAMPLE + ")");
        }
        SampleReview.Result r = SampleReview.run(env.camel(), env.context(), env.dataverse(), env.preflightedMapping(),
                size, env.out());
        env.out().println(r.needsALook() ? "Read the diff: some fields or records need a look."
                : "Keep the sample (a full load will not write its records again) or roll it back.");
        return r.runId();
    }

    static long verify(OperationEnvironment env, OperationParams p) throws Exception {
        MappingLoader.LoadedMapping mapping = env.mapping();
        Optional<String> unapproved = new MappingApprovals(env.context()).unapprovedReason(mapping);
        if (unapproved.isPresent()) {
            throw ApiProblem.conflict("mapping not approved", unapproved.get());
        }
        return VerificationReport.runAndWrite(env.context(), env.dataverse(), mapping, env.out()).runId();
    }

    static long delta(OperationEnvironment env, OperationParams p) throws Exception {
        Exchange ex = DeltaJob.request(env.camel().template(), p.text("source", null));
        DeltaRun run = ex.getProperty(DeltaJob.RUN, DeltaRun.class);
        Throwable failure = ex.getException();
        while (failure instanceof CamelExecutionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof PreflightFailedException f) {
            // the run is open already (the lock and the watermark come first): it shows as failed with these
            throw ApiProblem.conflict("preflight failed", f.failures().size() + " problem(s), nothing was written: "
                    + String.join("; ", f.failures()));
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (run == null) {
            throw new IllegalStateException("the route delta-run ended without a delta run");
        }
        if (run.isSkipped()) {
            throw ApiProblem.conflict("no delta", run.skipReason());
        }
        DeltaSummary.print(env.context(), run, env.out());
        return run.runId();
    }

    static long rollback(OperationEnvironment env, OperationParams p) throws Exception {
        if (!p.flag(CONFIRM, false)) {
            throw ApiProblem.badRequest("confirmation required", "a rollback deletes what the migration created in "
                    + "Dynamics 365: start it with {\"" + CONFIRM + "\": true}");
        }
        String mode = p.text("preExisting", env.config().get("migrator.rollback.pre-existing-children", "unlink"));
        if (!mode.equals("unlink") && !mode.equals("stop")) {
            throw ApiProblem.badRequest("invalid parameter", "'preExisting' must be unlink or stop, not '" + mode + "'");
        }
        RollbackJob.Outcome o = RollbackJob.run(env.camel(), env.context(), env.dataverse(),
                RollbackRun.PreExisting.parse(mode), p.flag("schema", false));
        if ("refused".equals(o.status())) {
            throw ApiProblem.conflict("rollback refused", o.stoppedBecause());
        }
        Map<String, Long> c = o.counters();
        env.out().printf("Run %d (rollback) %s: %,d deleted, %,d restored, %,d pre-existing record(s) unlinked%n",
                o.runId(), o.status(), c.getOrDefault("deleted", 0L), c.getOrDefault("restored", 0L),
                c.getOrDefault("unlinked", 0L));
        o.blocked().forEach(b -> env.out().println("  would cascade into a pre-existing record: " + b));
        o.failures().forEach(f -> env.out().println("  not undone: " + f));
        o.schemaRemoved().forEach(r -> env.out().println("  schema removed: " + r));
        o.schemaKept().forEach(k -> env.out().println("  schema kept: " + k));
        if (o.stoppedBecause() != null) {
            env.out().println("Stopped: " + o.stoppedBecause() + "; start rollback again to resume");
        }
        return o.runId();
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
