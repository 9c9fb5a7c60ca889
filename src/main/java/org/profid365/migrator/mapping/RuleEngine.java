package org.profid365.migrator.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.LinkedHashMap;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Applies the rules an object's mapping names ({@code rules:}) to what {@link RecordMapper} made of a record, giving
 * the final Dataverse writes of that record, in order: the creates (the first is the record itself), then the state
 * changes (closing tasks). Rules run in a fixed order whatever their order in the file: package-link-rebuild before
 * one-task-per-participant (so every participant's task carries the package), close-task-after-create last.
 */
public final class RuleEngine {

    /** One Dataverse write. */
    public sealed interface Write permits Create, StateChange {
        String table();

        UUID id();
    }

    /** Create the record (with its deterministic id). */
    public record Create(MappedRecord record) implements Write {
        public Create {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public String table() {
            return record.table();
        }

        @Override
        public UUID id() {
            return record.id();
        }
    }

    /** After the create: {@code PATCH <set>(<id>)} with {@code {"statecode":..,"statuscode":..}}. */
    public record StateChange(String table, UUID id, int statecode, int statuscode) implements Write {
    }

    /**
     * The writes of one Profi record, or why it cannot be written (then {@code writes} is empty).
     */
    public record Result(List<Write> writes, RecordRejection rejection) {
        public Result {
            writes = List.copyOf(writes);
        }

        public boolean rejected() {
            return rejection != null;
        }

        /** The records to create, in order. */
        public List<MappedRecord> creates() {
            List<MappedRecord> out = new ArrayList<>();
            for (Write w : writes) {
                if (w instanceof Create c) {
                    out.add(c.record());
                }
            }
            return out;
        }

        /** The state changes, in order. */
        public List<StateChange> stateChanges() {
            List<StateChange> out = new ArrayList<>();
            for (Write w : writes) {
                if (w instanceof StateChange s) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** Every built-in rule, in the order they run. */
    private static final Map<String, Supplier<Rule>> RULES = new LinkedHashMap<>();

    static {
        RULES.put(CoachProfileRule.NAME, CoachProfileRule::new);
        RULES.put(LeadSubjectRule.NAME, LeadSubjectRule::new);
        RULES.put(EnrollmentNameRule.NAME, EnrollmentNameRule::new);
        RULES.put(PaymentsAndUnpaidInvoicesRule.NAME, PaymentsAndUnpaidInvoicesRule::new);
        RULES.put(PackageLinkRebuildRule.NAME, PackageLinkRebuildRule::new);
        RULES.put(OneTaskPerParticipantRule.NAME, OneTaskPerParticipantRule::new);
        RULES.put(CloseTaskAfterCreateRule.NAME, CloseTaskAfterCreateRule::new);
        RULES.put(NoteOnClientOrSessionRule.NAME, NoteOnClientOrSessionRule::new);
        RULES.put(FileAttachmentRule.NAME, FileAttachmentRule::new);
    }

    private final RuleContext ctx;

    public RuleEngine(RuleContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /** The names of the built-in rules, in the order they run. */
    public static List<String> ruleNames() {
        return List.copyOf(RULES.keySet());
    }

    /** The rule of that name. */
    public static Rule rule(String name) {
        Supplier<Rule> s = RULES.get(name);
        if (s == null) {
            throw new IllegalArgumentException("'" + name + "' is not a rule (rules: " + RULES.keySet() + ")");
        }
        return s.get();
    }

    /**
     * The writes of {@code record}, from the mapper's result for it ({@code mapped}): a rejection passes through,
     * otherwise the rules its object's mapping names are applied.
     */
    public Result apply(ProfiRecord record, RecordMapResult mapped) {
        if (mapped instanceof RecordRejection r) {
            return new Result(List.of(), r);
        }
        MappedRecord m = (MappedRecord) mapped;
        ObjectMapping om = ctx.mapping().objects().get(record.object().typeName());
        List<String> named = om == null ? List.of() : om.rules();
        for (String n : named) {
            rule(n); // an unknown name is an error, never silently ignored
        }
        List<Write> writes = new ArrayList<>();
        writes.add(new Create(m));
        try {
            for (String n : RULES.keySet()) {
                if (named.contains(n)) {
                    RULES.get(n).get().apply(record, writes, ctx);
                }
            }
        } catch (RuleContext.Rejected e) {
            return new Result(List.of(), e.rejection());
        }
        List<Write> ordered = new ArrayList<>();
        writes.stream().filter(w -> w instanceof Create).forEach(ordered::add);
        writes.stream().filter(w -> w instanceof StateChange).forEach(ordered::add);
        return new Result(ordered, null);
    }

    /**
     * The invoice-only payment row of an invoice that no payment points at (rule payments-and-unpaid-invoices, when
     * the payment mapping names it); no writes for an invoice that has a payment or when the rule is not named.
     */
    public Result applyInvoice(ProfiRecord invoice) {
        ObjectMapping om = ctx.mapping().objects().get("payment");
        if (om == null || !om.rules().contains(PaymentsAndUnpaidInvoicesRule.NAME)) {
            return new Result(List.of(), null);
        }
        try {
            return new Result(new PaymentsAndUnpaidInvoicesRule().invoiceOnly(invoice, ctx), null);
        } catch (RuleContext.Rejected e) {
            return new Result(List.of(), e.rejection());
        }
    }
}
