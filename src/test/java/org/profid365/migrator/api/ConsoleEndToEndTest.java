package org.profid365.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser (headless Chromium through the DevTools protocol) against a running serve, the
 * embedded PostgreSQL and the Dataverse simulator: enter the token, approve the mapping, start the load (a sample
 * when that operation is registered), watch the progress reach done, open a report, roll back.
 *
 * <p>Skipped, with a message, where no Chromium is installed ({@code apt-get install chromium}, or set
 * {@code CHROMIUM_BIN}); see docs/api.md.
 */
class ConsoleEndToEndTest {

    private static final Duration LOAD = Duration.ofMinutes(4);

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
    void an_operator_approves_loads_watches_progress_opens_a_report_and_rolls_back() throws Exception {
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

        // the load: a sample when registered, else the full load; progress bars until every stage is done
        String load = f.operations().has("sample") ? "sample" : "full";
        browser.click("#start-" + load);
        browser.waitFor("document.getElementById('run-status') && document.getElementById('run-status').dataset.status === 'running'",
                Duration.ofSeconds(60), "the " + load + " run to show as running");
        long runId = browser.eval("Number(document.getElementById('run-status').dataset.run)").asLong();
        browser.screenshot(Path.of("target", "console-e2e", "load-running.png"));
        assertThat(browser.eval("document.querySelectorAll('#run-detail .stage').length").asInt()).isGreaterThanOrEqualTo(1);
        browser.waitFor("document.getElementById('run-status').dataset.status !== 'running'", LOAD, "run " + runId + " to end");
        assertThat(browser.eval("document.getElementById('run-status').dataset.status").asText()).isEqualTo("succeeded");
        assertThat(browser.eval("[...document.querySelectorAll('#run-detail .stage')].every(s => s.dataset.state === 'done')")
                .asBoolean()).isTrue();
        JsonNode bars = browser.eval("[...document.querySelectorAll('#run-detail .bar')].map(b => Number(b.getAttribute('aria-valuenow')))");
        bars.forEach(b -> assertThat(b.asDouble()).isEqualTo(100.0));
        assertThat(browser.eval("document.getElementById('run-detail').innerText").asText()).contains("rec/s", "done in");
        assertThat(ApiFixture.json(f.get("/api/runs/" + runId)).path("status").asText()).isEqualTo("succeeded");
        browser.waitFor("Number(document.getElementById('dead-letter-open').dataset.open) > 0", Duration.ofSeconds(20),
                "the dead letters of the load");

        // a report: the diff when the sample wrote one, else the inventory the console starts
        if (!browser.eval("!!document.querySelector('[data-report*=diff]')").asBoolean()) {
            browser.click("#start-inventory");
            browser.waitFor("document.querySelector('[data-report=\"inventory.html\"]')", Duration.ofSeconds(60),
                    "inventory.html in the reports");
        }
        String report = browser.eval("(document.querySelector('[data-report*=diff]') || "
                + "document.querySelector('[data-report=\"inventory.html\"]')).dataset.report").asText();
        browser.click("[data-report=\"" + report + "\"]");
        browser.waitFor("document.getElementById('report-viewer').dataset.report === '" + report + "' && "
                + "document.getElementById('report-frame').contentDocument && "
                + "document.getElementById('report-frame').contentDocument.querySelector('h1')", Duration.ofSeconds(20),
                "the report " + report + " in the viewer");
        assertThat(browser.eval("document.getElementById('report-frame').contentDocument.querySelector('h1').textContent").asText())
                .isNotBlank();

        rollBack();

        assertThat(browser.problems()).as("script errors in the console").isEmpty();
    }

    /** The rollback operation when registered; without it the button says it is unavailable, and a stand-in shows the dialog. */
    private void rollBack() throws Exception {
        browser.waitFor("document.querySelector('#start-inventory') && !document.querySelector('#start-inventory').disabled",
                Duration.ofSeconds(60), "the end of the previous operation");
        if (!f.operations().has("rollback")) {
            assertThat(browser.eval("document.getElementById('rollback').disabled").asBoolean()).isTrue();
            assertThat(browser.eval("document.getElementById('rollback-note').textContent").asText()).contains("Not available");
            // a stand-in that opens a rollback run, to drive the dialog the real operation will use
            f.operations().register("rollback", "Stand-in for the rollback: opens a run and does nothing",
                    List.of(Operations.Param.flag("dryRun", "only say what would be undone")), (env, p) -> {
                        long run = env.openRun("rollback", "test stand-in");
                        env.succeeded(run, Map.of("dryRun", p.flag("dryRun", false)));
                        return run;
                    });
            browser.click("#refresh");
        }
        browser.click("#rollback");
        browser.waitFor("document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the confirmation dialog");
        browser.click("#rollback-cancel");
        browser.waitFor("!document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the dialog to close");
        assertThat(ApiFixture.json(f.get("/api/runs?kind=rollback")).path("runs")).isEmpty();

        browser.click("#rollback");
        browser.waitFor("document.getElementById('rollback-dialog').open", Duration.ofSeconds(10), "the confirmation dialog");
        browser.click("#rollback-confirm");
        browser.waitFor("document.getElementById('run-status') && document.getElementById('run-status').textContent && "
                + "document.querySelector('#run-table tbody tr td:nth-child(2)').textContent === 'rollback' && "
                + "document.getElementById('run-status').dataset.status === 'succeeded'", LOAD, "the rollback run to succeed");
        assertThat(ApiFixture.json(f.get("/api/runs?kind=rollback")).path("runs")).hasSize(1);
    }
}
