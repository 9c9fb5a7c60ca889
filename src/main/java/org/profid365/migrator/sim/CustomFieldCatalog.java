package org.profid365.migrator.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.profi.ProfiObject;

/**
 * The custom fields of the generated workspace: their definitions for {@code custom_fields.csv} and the
 * {@code cf_<key>} columns they add to clients, companies, sessions and enrollments. Between them they use
 * every field type of the contract.
 */
final class CustomFieldCatalog {

    /** One definition row. */
    record Definition(ProfiObject object, String key, String label, String type, String options) {
        String column() {
            return "cf_" + key;
        }

        String entity() {
            return object.customFieldEntity().orElseThrow();
        }
    }

    static final String LANGUAGE_OPTIONS = "de;en;fr;es;it";
    static final String FOCUS_OPTIONS = "career;leadership;health;relationships;mindfulness;finance";
    static final String SLA_OPTIONS = "gold;silver;bronze";

    static final List<Definition> DEFINITIONS = List.of(
            new Definition(ProfiObject.CLIENT, "goal", "Coaching goal", "long_text", null),
            new Definition(ProfiObject.CLIENT, "referral_code", "Referral code", "text", null),
            new Definition(ProfiObject.CLIENT, "sessions_per_month", "Sessions per month", "number", null),
            new Definition(ProfiObject.CLIENT, "intake_date", "Intake date", "date", null),
            new Definition(ProfiObject.CLIENT, "newsletter_opt_in", "Newsletter opt-in", "boolean", null),
            new Definition(ProfiObject.CLIENT, "preferred_language", "Preferred language", "single_select", LANGUAGE_OPTIONS),
            new Definition(ProfiObject.CLIENT, "focus_areas", "Focus areas", "multi_select", FOCUS_OPTIONS),
            new Definition(ProfiObject.CLIENT, "linkedin", "LinkedIn profile", "url", null),
            new Definition(ProfiObject.CLIENT, "assistant_email", "Assistant's e-mail", "email", null),
            new Definition(ProfiObject.CLIENT, "emergency_phone", "Emergency contact phone", "phone", null),
            new Definition(ProfiObject.COMPANY, "contract_value", "Contract value", "decimal", null),
            new Definition(ProfiObject.COMPANY, "contract_start", "Contract start", "date", null),
            new Definition(ProfiObject.COMPANY, "sla_tier", "SLA tier", "single_select", SLA_OPTIONS),
            new Definition(ProfiObject.COMPANY, "billing_email", "Billing e-mail", "email", null),
            new Definition(ProfiObject.SESSION, "mood_before", "Mood before session (1-10)", "number", null),
            new Definition(ProfiObject.SESSION, "reminder_sent_at", "Reminder sent at", "datetime", null),
            new Definition(ProfiObject.SESSION, "homework", "Homework", "long_text", null),
            new Definition(ProfiObject.SESSION, "meeting_link", "Meeting link", "url", null),
            new Definition(ProfiObject.ENROLLMENT, "cohort", "Cohort", "text", null),
            new Definition(ProfiObject.ENROLLMENT, "certificate_issued", "Certificate issued", "boolean", null),
            new Definition(ProfiObject.ENROLLMENT, "final_score", "Final score", "decimal", null));

    private CustomFieldCatalog() {
    }

    /** The cf_ columns per file, in definition order. */
    static Map<ProfiObject, List<String>> columns() {
        Map<ProfiObject, List<String>> columns = new EnumMap<>(ProfiObject.class);
        for (Definition d : DEFINITIONS) {
            columns.computeIfAbsent(d.object(), o -> new ArrayList<>()).add(d.column());
        }
        return columns;
    }

    static void writeDefinitions(ExportFiles files) throws IOException {
        for (Definition d : DEFINITIONS) {
            files.start(ProfiObject.CUSTOM_FIELD)
                    .set("entity", d.entity()).set("key", d.key()).set("label", d.label())
                    .set("type", d.type()).set("options", d.options())
                    .write();
        }
    }
}
