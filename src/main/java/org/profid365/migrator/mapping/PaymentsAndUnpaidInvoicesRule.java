package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code payments-and-unpaid-invoices}.
 *
 * <p>A payment row gets its invoice's {@code number} as primary name {@code profi_name} and in the column of field
 * {@code invoice.number} ({@code profi_invoicenumber}), and its {@code status} in the column of
 * {@code invoice.status} ({@code profi_invoicestatus}), each converted as its field mapping says. A payment without
 * an invoice, or whose invoice is not in the export, keeps neither (flagged).
 *
 * <p>An invoice that no payment points at becomes its own row ({@link #invoiceOnly}): id
 * {@code RecordIds.of("invoice", <invoice id>)}, mapped by the payment mapping from the invoice's values (id, client,
 * amount = total, currency, status through the same value map), plus number and status as above.
 */
public final class PaymentsAndUnpaidInvoicesRule implements Rule {

    public static final String NAME = "payments-and-unpaid-invoices";
    static final String PRIMARY_NAME = "profi_name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        List<String> flags = new ArrayList<>();
        String invoiceId = record.get("invoice_id");
        if (invoiceId == null || invoiceId.isBlank()) {
            flags.add("payment has no invoice: no invoice number or status");
        } else {
            Optional<ProfiRecord> invoice = ctx.related().get("invoice", invoiceId.strip());
            if (invoice.isEmpty()) {
                flags.add("invoice " + invoiceId.strip() + " is not in the export: no invoice number or status");
            } else {
                invoiceColumns(record, invoice.get(), m, ctx, flags);
            }
        }
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }

    /** The invoice-only row of {@code invoice}, or nothing when a payment points at it. */
    public List<RuleEngine.Write> invoiceOnly(ProfiRecord invoice, RuleContext ctx) throws RuleContext.Rejected {
        String invoiceId = invoice.profiId();
        if (invoiceId == null) {
            throw RuleContext.reject(invoice, "id", "has no id, so it cannot get a record id");
        }
        if (ctx.related().hasPayments(invoiceId)) {
            return List.of();
        }
        if (ctx.mapper() == null) {
            throw new IllegalStateException("rule " + NAME + " needs the record mapper for invoice-only rows");
        }
        ProfiRecord asPayment = asPayment(invoice);
        String table = ctx.mapper().targetFor(asPayment, 0);
        RecordMapResult r = ctx.mapper().map(asPayment, table);
        if (r instanceof RecordRejection rej) {
            throw new RuleContext.Rejected(new RecordRejection("invoice:" + invoiceId, rej.field(),
                    rej.reason().replaceFirst("^payment " + java.util.regex.Pattern.quote(invoiceId), "invoice " + invoiceId)));
        }
        MappedRecord m = (MappedRecord) r;
        java.util.UUID id = ctx.ids().of("invoice", invoiceId);
        m.payload().put(RecordMapper.primaryKey(table), id.toString());
        List<String> flags = new ArrayList<>(m.flags());
        invoiceColumns(invoice, invoice, m, ctx, flags);
        flags.add("invoice " + invoiceId + " has no payment: written as its own row");
        return new ArrayList<>(List.of(new RuleEngine.Create(new MappedRecord(table, id, m.payload(), flags))));
    }

    /**
     * An invoice as the payment record its invoice-only row is mapped from: id and invoice_id its id, amount its total,
     * client, currency and status as they are. Verify reads an invoice-only row against the same record.
     */
    public static ProfiRecord asPayment(ProfiRecord invoice) {
        Map<String, String> f = new LinkedHashMap<>();
        putIfPresent(f, "id", invoice.profiId());
        putIfPresent(f, "invoice_id", invoice.profiId());
        putIfPresent(f, "client_id", invoice.get("client_id"));
        putIfPresent(f, "amount", invoice.get("total"));
        putIfPresent(f, "currency", invoice.get("currency"));
        putIfPresent(f, "status", invoice.get("status"));
        return new ProfiRecord(ProfiObject.PAYMENT, f, invoice.sourceFile(), invoice.sourceLine());
    }

    private static void invoiceColumns(ProfiRecord record, ProfiRecord invoice, MappedRecord m, RuleContext ctx,
                                       List<String> flags) throws RuleContext.Rejected {
        FieldMapping number = ctx.field("payment", m.table(), "invoice.number");
        String raw = invoice.get("number");
        if (raw == null || raw.isBlank()) {
            flags.add("invoice " + invoice.profiId() + " has no number: the row has no name");
        } else {
            JsonNode v = number == null ? RuleContext.JSON.textNode(raw.strip())
                    : ctx.convert(record, "invoice.number", number, raw, flags);
            if (v != null) {
                m.payload().set(PRIMARY_NAME, v.deepCopy());
                if (number != null) {
                    m.payload().set(number.column(), v);
                }
            }
        }
        FieldMapping status = ctx.field("payment", m.table(), "invoice.status");
        if (status != null) {
            JsonNode v = ctx.convert(record, "invoice.status", status, invoice.get("status"), flags);
            if (v != null) {
                m.payload().set(status.column(), v);
            }
        }
    }

    private static void putIfPresent(Map<String, String> f, String key, String value) {
        if (value != null && !value.isBlank()) {
            f.put(key, value);
        }
    }
}
