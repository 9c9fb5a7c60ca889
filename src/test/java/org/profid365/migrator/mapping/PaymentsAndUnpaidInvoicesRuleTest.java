package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

class PaymentsAndUnpaidInvoicesRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void a_payment_gets_the_number_and_status_of_its_invoice() {
        fx.add(record(ProfiObject.INVOICE, "id", "IN-1", "client_id", "CL-1", "number", " 2024-001 ",
                "status", "Paid", "total", "150.00", "currency", "EUR"));
        RuleEngine.Result r = fx.run(record(ProfiObject.PAYMENT, "id", "PA-1", "invoice_id", "IN-1", "client_id", "CL-1",
                "amount", "150.00", "currency", "eur", "paid_at", "2024-02-01T12:00:00Z", "method", "card",
                "status", "succeeded"), "profi_coachingpayment");
        assertPayload(r.creates().get(0), """
                {"profi_coachingpaymentid": "%s", "profi_profiid": "PA-1",
                 "profi_ContactId@odata.bind": "/contacts(%s)", "profi_amount": 150.00,
                 "transactioncurrencyid@odata.bind": "/transactioncurrencies(%s)", "profi_currency": "EUR",
                 "profi_paymentdate": "2024-02-01T12:00:00Z", "profi_method": "card", "profi_paymentstatus": 727000000,
                 "profi_name": "2024-001", "profi_invoicenumber": "2024-001", "profi_invoicestatus": "paid"}
                """.formatted(id("payment", "PA-1"), id("client", "CL-1"), RuleEngineTest.Fixture.EUR));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_payment_whose_invoice_is_not_in_the_export_is_flagged() {
        RuleEngine.Result r = fx.run(record(ProfiObject.PAYMENT, "id", "PA-2", "invoice_id", "IN-404",
                "amount", "10", "currency", "EUR"), "profi_coachingpayment");
        assertThat(r.creates().get(0).payload().has("profi_name")).isFalse();
        assertThat(r.creates().get(0).flags())
                .containsExactly("invoice IN-404 is not in the export: no invoice number or status");
    }

    @Test
    void an_invoice_without_payment_becomes_its_own_row() {
        ProfiRecord invoice = record(ProfiObject.INVOICE, "id", "IN-2", "client_id", "CL-1", "number", "2024-002",
                "issued_at", "2024-01-01", "status", "overdue", "total", "300.00", "currency", "EUR");
        RuleEngine.Result r = new RuleEngine(fx.ctx()).applyInvoice(invoice);
        assertThat(r.creates()).hasSize(1);
        MappedRecord m = r.creates().get(0);
        assertThat(m.table()).isEqualTo("profi_coachingpayment");
        assertThat(m.id()).isEqualTo(RuleEngineTest.Fixture.IDS.of("invoice", "IN-2"));
        assertPayload(m, """
                {"profi_coachingpaymentid": "%s", "profi_profiid": "IN-2",
                 "profi_ContactId@odata.bind": "/contacts(%s)", "profi_amount": 300.00,
                 "transactioncurrencyid@odata.bind": "/transactioncurrencies(%s)", "profi_currency": "EUR",
                 "profi_paymentstatus": 727000006,
                 "profi_name": "2024-002", "profi_invoicenumber": "2024-002", "profi_invoicestatus": "overdue"}
                """.formatted(id("invoice", "IN-2"), id("client", "CL-1"), RuleEngineTest.Fixture.EUR));
        assertThat(m.flags()).contains("invoice IN-2 has no payment: written as its own row");
    }

    @Test
    void an_invoice_with_a_payment_gives_no_row() {
        fx.paidInvoices.add("IN-1");
        ProfiRecord invoice = record(ProfiObject.INVOICE, "id", "IN-1", "client_id", "CL-1", "number", "2024-001",
                "status", "paid", "total", "150.00", "currency", "EUR");
        RuleEngine.Result r = new RuleEngine(fx.ctx()).applyInvoice(invoice);
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejected()).isFalse();
    }

    @Test
    void an_invoice_only_row_with_a_bad_total_is_rejected_as_the_invoice() {
        ProfiRecord invoice = record(ProfiObject.INVOICE, "id", "IN-3", "client_id", "CL-1", "total", "lots",
                "currency", "EUR");
        RuleEngine.Result r = new RuleEngine(fx.ctx()).applyInvoice(invoice);
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejection().recordKey()).isEqualTo("invoice:IN-3");
        assertThat(r.rejection().reason()).startsWith("invoice IN-3").contains("lots");
    }
}
