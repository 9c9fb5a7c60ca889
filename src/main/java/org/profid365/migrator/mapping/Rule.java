package org.profid365.migrator.mapping;

import java.util.List;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * One built-in behaviour of the mapping file's {@code rules} (docs/mapping.md), applied after the field-level
 * {@link RecordMapper}. Pure: it reads the record, the related records and the writes made so far.
 */
public interface Rule {

    /** The rule's name in the mapping file ({@code coach-profile}). */
    String name();

    /**
     * Changes, replaces or adds to {@code writes} (the first is the mapper's record of {@code record}).
     *
     * @throws RuleContext.Rejected when the record cannot be written; nothing of it is then written
     */
    void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected;
}
