package org.profid365.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser (headless Chromium through the DevTools protocol) against a running serve, the
 * embedded PostgreSQL and the Dataverse simulator: enter the token, approve the mapping, run a sample and watch its
 * progress reach done, read its field-level diff (the rows are what the org holds), roll back through the
 * confirmation, and find the org exactly as it was before the sample.
 *
 * <p>Skipped, with a message, where no Chromium is installed ({@code apt-get install chromium}, or set
 * {@code CHROMIUM_BIN}); see docs/api.md.
 */
class ConsoleEndToEndTest {

    private static final Duration LOAD = Duration.ofMinutes(4);
    private static final List<String> VOLATILE = List.of("modifiedon", "modifiedby", "versionnumber");

    @TempDir
    Path tmp;
    ApiFixture f;
    HeadlessChromium browser;

    @AfterEach
    void stop(TestInfo test) {
        if (browser != null) {
            // kept for whoever reads a failure: target/console-e2e/<test>.png
            browser.screenshot(Path.of("target", "console-e2e", test.getTestMethod().orElseThrow().getName() + ".png"));
            browser.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void an_operator_approves_runs_a_sample_reads_its_diff_and_rolls_the_org_back_to_before() throws Exception {
        Optional<Path> chromium = HeadlessChromium.binary();
        assumeTrue(chromium.isPresent(), "No Chromium on this machine (chromium, chromium-browser or google-chrome on the PATH, "
                + "or CHROMIUM_BIN): the console's end-to-end test is skipped. Install it with: apt-get install chromium");
        f = ApiFixture.start(tmp, 20, 5);
        browser = HeadlessChromium.launch(chromium.get(), tmp.resolve("chromium-profile"));

        // the token, once; the page keeps it in sessionStorage
        browser.navigate(f.baseUrl() + "/");
        browser.waitFor("location.pathname === '/console/' && !document.getElementById('sign-in').hidden",
                Duration.ofSeconds(20), "the sign-in form");
        browser.type("#token", "not-the-token-0123456789");
        browser.pressEnter();
        browser.waitFor("document.getElementById('message').textContent.includes('refused')", Duration.ofSeconds(20),
                "the refusal of a wrong token");
        browser.eval("document.getElementById('token').value = ''");
        browser.type("#token", ApiFixture.TOKEN);
        browser.click("#token-submit");
        browser.waitFor("!document.getElementById('app').hidden", Duration.ofSeconds(20), "the console after the token");
        assertThat(browser.eval("sessionStorage.getItem('profi-migrator-api-token')").asText()).isEqualTo(ApiFixture.TOKEN);

        // the mapping: summary with confidences, then approval of what is shown
        browser.waitFor("document.getElementById('mapping-state')", Duration.ofSeconds(20), "the mapping summary");
        assertThat(browser.eval("document.getElementById('mapping-state').dataset.approved").asText()).isEqualTo("false");
        assertThat(browser.eval("document.querySelectorAll('#mapping-fields tbody tr').length").asInt()).isPositive();
        assertThat(browser.eval("document.getElementById('mapping-summary').innerText").asText()).contains("high");
        browser.type("#approved-by", "ops@console");
        browser.click("#approve");
        browser.waitFor("document.getElementById('mapping-state').dataset.approved === 'true'", Duration.ofSeconds(20),
                "the approval");
        assertThat(ApiFixture.json(f.get("/api/mapping")).path("approval").path("approvedBy").asText()).isEqualTo("ops@console");

        // the sample: N records through the load routes, progress bars until every stage is done
        String before = comparable(f.sim.stateJson());
        browser.type("#param-sample-size", "30");
        browser.click("#start-sample");
        browser.waitFor("document.getElementById('run-status') && document.getElementById('run-status').dataset.status === 'running'",
                Duration.ofSeconds(60), "the sample run to show as running");
        long runId = browser.eval("Number(document.getElementById('run-status').dataset.run)").asLong();
        assertThat(ApiFixture.json(f.get("/api/runs/" + runId)).path("kind").asText()).isEqualTo("sample");
        browser.screenshot(Path.of("target", "console-e2e", "sample-running.png"));
        assertThat(browser.eval("document.querySelectorAll('#run-detail .stage').length").asInt()).isGreaterThanOrEqualTo(1);
        browser.waitFor("document.getElementById('run-status').dataset.status !== 'running'", LOAD, "run " + runId + " to end");
        assertThat(browser.eval("document.getElementById('run-status').dataset.status").asText()).isEqualTo("succeeded");
        assertThat(browser.eval("[...document.querySelectorAll('#run-detail .stage')].every(s => s.dataset.state === 'done')")
                .asBoolean()).isTrue();
        JsonNode bars = browser.eval("[...document.querySelectorAll('#run-detail .bar')].map(b => Number(b.getAttribute('aria-valuenow')))");
        bars.forEach(b -> assertThat(b.asDouble()).isEqualTo(100.0));
        assertThat(browser.eval("document.getElementById('run-detail').innerText").asText()).contains("rec/s", "done in");
        Map<String, JsonNode> contacts = records(f.sim.stateJson(), "contact", "contactid");
        assertThat(contacts).isNotEmpty();

        // the page shows the sample's diff by itself once the run it follows has ended; wait for that first, so the
        // button's own opening is the last navigation of the viewer and nothing replaces the page while it is read
        String shownDiff = "document.getElementById('report-viewer').dataset.report === 'sample-diff.html' && "
                + "document.getElementById('report-frame').contentDocument && "
                + "document.getElementById('report-frame').contentDocument.readyState === 'complete' && "
                + "document.getElementById('report-frame').contentDocument.querySelector('#rows')";
        browser.waitFor(shownDiff, Duration.ofSeconds(20), "the sample's diff shown when the run ended");
        browser.eval("document.getElementById('report-frame').contentDocument.body.dataset.seen = 'yes'");

        // its field-level diff, from the run's own button, in the viewer: a new page, fully parsed
        browser.waitFor("document.getElementById('run-report')", Duration.ofSeconds(20), "the run's diff button");
        browser.click("#run-report");
        browser.waitFor(shownDiff + " && !document.getElementById('report-frame').contentDocument.body.dataset.seen",
                Duration.ofSeconds(20), "the sample's diff in the viewer, opened by the button");
        browser.screenshot(Path.of("target", "console-e2e", "sample-diff.png"));
        String frame = "document.getElementById('report-frame').contentDocument";
        assertThat(browser.eval(frame + ".querySelector('h1').textContent").asText())
                .isEqualTo("Sample run " + runId + ": field-level diff");
        JsonNode rows = browser.eval("[..." + frame + ".querySelectorAll('#rows tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        long mismatches = 0;
        Set<String> diffedContacts = new TreeSet<>();
        JsonNode lastName = null;
        for (JsonNode row : rows) {
            String status = row.get(0).asText();
            mismatches += status.equals("mismatch") ? 1 : 0;
            if (row.get(3).asText().equals("contact") && !status.equals("not migrated")) {
                diffedContacts.add(row.get(4).asText());
                if (lastName == null && row.get(6).asText().equals("lastname") && status.equals("match")) {
                    lastName = row;
                }
            }
        }
        // the page says what its rows hold, and the rows are what Dynamics holds: every contact the sample wrote
        String verdict = browser.eval(frame + ".querySelector('p.ok, p.failed').textContent").asText();
        assertThat(verdict).isEqualTo(mismatches == 0
                ? "No mismatch: every field read back from Dynamics is what the mapping expects."
                : mismatches + " field(s) read back differ from what the mapping expects.");
        assertThat(diffedContacts).isEqualTo(contacts.keySet());
        assertThat(lastName).as("a contact's lastname that matches").isNotNull();
        JsonNode contact = contacts.get(lastName.get(4).asText());
        assertThat(lastName.get(10).asText()).isEqualTo(contact.path("lastname").asText()).isNotBlank();
        assertThat(lastName.get(9).asText()).isEqualTo(contact.path("lastname").asText());

        rollBack();

        // Dynamics as it was before the sample: every record the sample wrote is gone, nothing else changed
        String after = comparable(f.sim.stateJson());
        assertThat(rowsPerTable(after)).isEqualTo(rowsPerTable(before)); // the short message first
        assertThat(after).isEqualTo(before);
        assertThat(browser.problems()).as("script errors in the console").isEmpty();
    }

    /** Rollback through its dialog: cancel first (nothing starts), then confirm; the run must succeed. */
    private void rollBack() throws Exception {
        browser.waitFor("document.querySelector('#start-inventory') && !document.querySelector('#start-inventory').disabled "
                + "&& !document.getElementById('rollback').disabled", Duration.ofSeconds(60), "the end of the previous operation");
        assertThat(browser.eval("document.getElementById('rollback').dataset.available").asText()).isEqualTo("true");
        browser.click("#rollback");
        browser.waitFor("document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the confirmation dialog");
        browser.click("#rollback-cancel");
        browser.waitFor("!document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the dialog to close");
        assertThat(ApiFixture.json(f.get("/api/runs?kind=rollback")).path("runs")).isEmpty();

        browser.click("#rollback");
        browser.waitFor("document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the confirmation dialog");
        // the dialog's button is the confirmation: no box to tick, and without it the API refuses (RestApiTest)
        assertThat(browser.eval("!!document.querySelector('#rollback-params [data-param=confirm]')").asBoolean()).isFalse();
        browser.click("#rollback-confirm");
        // the newest run is the rollback, and the detail shown is that run's (the page swaps the two one after the other)
        browser.waitFor("(() => { const row = document.querySelector('#run-table tbody tr'); "
                + "const status = document.getElementById('run-status'); "
                + "return row && status && row.cells[1].textContent === 'rollback' && status.dataset.run === row.dataset.run "
                + "&& status.dataset.status === 'succeeded'; })()", LOAD, "the rollback run to succeed");
        JsonNode runs = ApiFixture.json(f.get("/api/runs?kind=rollback")).path("runs");
        assertThat(runs).hasSize(1);
        JsonNode rollback = ApiFixture.json(f.get("/api/runs/" + runs.get(0).path("id").asLong()));
        assertThat(rollback.path("params").path("confirm").asBoolean()).as(rollback.toString()).isTrue();
    }

    /** The simulated org's whole state without what every write changes (modification times, row versions). */
    private static String comparable(String stateJson) throws Exception {
        JsonNode root = ApiFixture.JSON.readTree(stateJson);
        root.path("records").forEach(rows -> rows.forEach(row -> ((ObjectNode) row).remove(VOLATILE)));
        ((ObjectNode) root.path("records")).properties().removeIf(e -> e.getValue().isEmpty()); // as the dump does
        return ApiFixture.JSON.writeValueAsString(root);
    }

    private static Map<String, Integer> rowsPerTable(String comparable) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        ApiFixture.JSON.readTree(comparable).path("records").properties().forEach(e -> out.put(e.getKey(), e.getValue().size()));
        return out;
    }

    /** A table's rows in the simulated org, by primary key. */
    private static Map<String, JsonNode> records(String stateJson, String table, String key) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        ApiFixture.JSON.readTree(stateJson).path("records").path(table).forEach(r -> out.put(r.path(key).asText(), r));
        return out;
    }
}
