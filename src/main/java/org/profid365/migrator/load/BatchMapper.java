package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.mapping.RecordMapResult;
import org.profid365.migrator.mapping.RecordMapper;
import org.profid365.migrator.mapping.RuleContext;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a claimed batch: fetches its related records, dead-letters children of rejected parents (they would only
 * fail in Dynamics with a less useful message), and runs the field mapper and the mapping's rules on the rest.
 * No Dataverse I/O.
 */
public final class BatchMapper {

    private static final Logger LOG = LoggerFactory.getLogger(BatchMapper.class);

    private final LoadContext load;

    public BatchMapper(LoadContext load) {
        this.load = load;
    }

    public void map(LoadBatch batch) throws SQLException {
        batch.mapped(map(batch.connection(), batch.items()));
    }

    List<MappedItem> map(Connection c, List<StagedItem> items) throws SQLException {
        return map(items, BatchRelated.fetch(c, load, items));
    }

    /** Maps items whose related records are fetched already. */
    List<MappedItem> map(List<StagedItem> items, BatchRelated related) {
        RecordMapper mapper = load.mapper();
        List<MappedItem> out = new ArrayList<>(items.size());
        for (StagedItem item : items) {
            out.add(mapOne(item, related, mapper));
        }
        return out;
    }

    private MappedItem mapOne(StagedItem item, BatchRelated related, RecordMapper mapper) {
        ProfiRecord rec = item.record();
        Optional<String[]> parent = related.parentProblem(rec);
        if (parent.isPresent()) {
            return MappedItem.rejected(item, parent.get()[0], rec.object().typeName() + " " + rec.profiId() + " ("
                    + rec.location() + "): " + parent.get()[1]);
        }
        RuleContext rules = load.ruleContext(mapper, related, path -> load.files().read(item.exportId(), path));
        RuleEngine engine = new RuleEngine(rules);
        try {
            RuleEngine.Result result;
            if (rec.object() == ProfiObject.INVOICE) {
                result = engine.applyInvoice(rec);
            } else {
                String table = rec.object() == ProfiObject.CLIENT
                        ? load.clientTables().tableOf(rec.profiId())
                        : mapper.targetFor(rec, 0);
                RecordMapResult mapped = mapper.map(rec, table);
                result = engine.apply(rec, mapped);
            }
            return new MappedItem(item, result.writes(), result.rejection());
        } catch (RuntimeException e) {
            // a mapping that throws is a defect, but it must not cost the batch: this record waits in the dead letters
            LOG.warn("Mapping {} failed unexpectedly: {}", item.key(), e.toString());
            LOG.debug("Mapping failure of {}", item.key(), e);
            return MappedItem.rejected(item, null, rec.object().typeName() + " " + rec.profiId() + " ("
                    + rec.location() + "): the mapping failed: " + e.getMessage());
        }
    }
}
