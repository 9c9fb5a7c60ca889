package org.profid365.migrator.dataverse;

import java.util.HashMap;
import java.util.Map;
import org.profid365.migrator.config.MigratorConfig;

/** Settings for tests: the bundled defaults, a URL, and the given overrides. */
final class TestSettings {

    private TestSettings() {
    }

    static DataverseSettings forUrl(String url, String... pairs) {
        Map<String, String> m = new HashMap<>();
        m.put("dataverse.url", url);
        m.put("dataverse.client.backoff-initial-ms", "50");
        m.put("dataverse.client.backoff-max-ms", "500");
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return DataverseSettings.from(MigratorConfig.of(m));
    }
}
