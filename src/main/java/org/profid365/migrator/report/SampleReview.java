package org.profid365.migrator.report;

import java.io.PrintStream;
import java.nio.file.Path;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.verify.FieldComparison;
import org.profid365.migrator.verify.SampleDiff;

/** A sample run read back: the load of about N records, then their field-level diff written as reports. */
public final class SampleReview {

    /** The sample's load, its diff and where the reports went. */
    public record Result(LoadJob.SampleOutcome sample, SampleDiff.Result diff, Path html, Path csv) {

        public long runId() {
            return sample.load().runId();
        }

        /** Whether a field differs, a record went to the dead letters or a sampled record was not written. */
        public boolean needsALook() {
            return diff.mismatches() > 0 || sample.load().rejected() > 0 || diff.notWritten() > 0;
        }
    }

    private SampleReview() {
    }

    /**
     * Loads the sample (run kind {@code sample}), reads every sampled record back, writes
     * {@code reports/sample-diff.html} and {@code .csv}, and prints what a person needs to read: the same for
     * {@code migrate --sample} and the API's {@code sample} operation. The preflight is the caller's.
     */
    public static Result run(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                             MappingLoader.LoadedMapping mapping, int size, PrintStream out) throws Exception {
        LoadJob.SampleOutcome o = LoadJob.runSample(camel, ctx, dv, mapping, size, out);
        out.printf("Run %d %s: %,d records landed, %,d went to the dead letters%n", o.load().runId(),
                o.load().status(), o.load().landed(), o.load().rejected());
        SampleDiff.Result diff = SampleDiff.of(ctx, dv, mapping, o.load().runId());
        Path reports = ctx.config().workDir().resolve("reports");
        Path html = FieldDiffReport.writeHtml(diff, reports);
        Path csv = FieldDiffReport.writeCsv(diff, reports);
        out.printf("Field-level diff of %,d records: %,d fields match, %,d transformed, %,d mismatch, %,d not migrated%n",
                diff.records(), diff.summary().total(FieldComparison.Status.MATCH),
                diff.summary().total(FieldComparison.Status.TRANSFORMED), diff.mismatches(),
                diff.summary().total(FieldComparison.Status.NOT_MIGRATED));
        out.println("Reports: " + html + " and " + csv);
        return new Result(o, diff, html, csv);
    }
}
