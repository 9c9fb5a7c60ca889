package org.profid365.migrator.load;

import java.io.PrintStream;
import java.sql.Connection;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.store.DeadLetterQuery;

/**
 * A replay of dead letters, as the CLI and the REST API start it: the matching load dead letters go back to
 * pending and a {@code replay} run sends them with the current mapping; those that fail again are open once more.
 * The caller has run the preflight.
 */
public final class DeadLetterReplay {

    private DeadLetterReplay() {
    }

    public static LoadJob.Outcome run(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                                      MappingLoader.LoadedMapping mapping, DeadLetterQuery query, PrintStream out)
            throws Exception {
        int n;
        try (Connection c = ctx.store().connection()) {
            n = query.prepareReplay(c);
        }
        out.printf("Replaying %,d dead-lettered records%n", n);
        try {
            return LoadJob.run("replay", camel, ctx, dv, mapping, out);
        } finally {
            try (Connection c = ctx.store().connection()) {
                DeadLetterQuery.reopenUnresolved(c, ctx.migration().id());
            }
        }
    }
}
