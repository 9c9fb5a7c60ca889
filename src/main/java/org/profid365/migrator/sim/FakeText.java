package org.profid365.migrator.sim;

import java.util.SplittableRandom;

/**
 * The free text of a coaching practice: session notes (plain and HTML), goals, homework, coach bios, and the
 * pasted call transcript that makes a note several megabytes long. Text deliberately contains commas,
 * quotes and line breaks, so that CSV quoting is exercised.
 */
final class FakeText {

    private static final String[] TOPICS = {"delegation", "work-life balance", "presenting to the board",
            "a conflict with a colleague", "the career change", "confidence in meetings", "time management",
            "the sleep routine", "setting boundaries", "the salary negotiation", "giving feedback", "imposter feelings",
            "the return from parental leave", "leading a remote team", "the promotion process", "burnout signs"};
    private static final String[] TOPICS_DE = {"Delegation", "Work-Life-Balance", "Konflikte im Team", "berufliche Neuorientierung",
            "Selbstfürsorge", "Zeitmanagement", "Führungsrolle", "Gehaltsverhandlung", "Grenzen setzen"};
    private static final String[] ACTIONS = {"journal daily for 10 minutes", "draft the conversation with the manager",
            "block two focus hours per day", "try the 5-minute breathing exercise before meetings",
            "list three values and rank them", "ask two colleagues for feedback", "update the CV and LinkedIn profile",
            "say no to one request this week", "prepare the first 30 seconds of the pitch", "track energy levels, 1-10, every evening"};
    private static final String[] ACTIONS_DE = {"täglich 10 Minuten Tagebuch schreiben", "das Gespräch mit der Chefin vorbereiten",
            "zwei Fokusstunden pro Tag blocken", "eine Bitte pro Woche ablehnen", "drei Werte notieren und ordnen"};
    private static final String[] OBSERVATIONS = {"Energy was noticeably higher than last time.",
            "Client was tired, we kept the session short.", "Strong emotions came up around the topic; we slowed down.",
            "Client said \"I can't keep doing this\", which we explored for a while.",
            "Good progress, although the old pattern showed up twice, at work and at home.",
            "We revisited the wheel of life; career 4/10, health 7/10, relationships 8/10.",
            "Client arrived 10 minutes late, stressed after a meeting with the CFO.",
            "Breakthrough moment: the fear is about visibility, not about competence.",
            "Client's partner is supportive, but the commute (1h each way) eats the evenings."};
    private static final String[] OBSERVATIONS_DE = {"Klientin wirkte deutlich entspannter als beim letzten Termin.",
            "Wir haben das Wertequadrat genutzt; Thema \"Durchsetzung vs. Harmonie\".",
            "Viel Bewegung beim Thema Abgrenzung, nächste Woche weiter.",
            "Klient berichtet über Schlafprobleme, Empfehlung: ärztlich abklären lassen."};
    private static final String[] NOTE_TITLES = {"Session notes", "Intake", "Goals", "Phone call", "Follow-up", "Check-in",
            "Reflection", "Homework review", "Gesprächsnotiz", "Zwischenbilanz", "E-mail summary"};
    private static final String[] SPECIALTIES = {"Leadership & executive coaching", "Career transitions", "Burnout prevention",
            "Life coaching", "Team coaching", "Public speaking", "Business coaching for founders", "Systemisches Coaching",
            "Health & wellbeing"};
    private static final String[] CREDENTIALS = {"ICF PCC", "ICF ACC", "ICF MCC", "EMCC Senior Practitioner", "DBVC",
            "MSc Coaching Psychology", "Certified NLP Practitioner", "Heilpraktiker für Psychotherapie", "MBA; ICF PCC",
            "Systemischer Coach (SG)"};
    private static final String[] TITLES = {"Coach", "Senior Coach", "Lead Coach", "Associate Coach", "Executive Coach",
            "Office Manager", "Client Success"};
    private static final String[] GOALS = {"Get promoted to team lead within a year", "Find a job with less travel",
            "Feel calmer before presentations", "Build a sustainable weekly routine", "Start own business by Q3",
            "Improve relationship with co-founder", "Mehr Gelassenheit im Alltag", "Klarheit über den nächsten Karriereschritt"};

    private FakeText() {
    }

    /** A plain-text session or client note: a few lines, sometimes in German. */
    static String plainNote(SplittableRandom random) {
        StringBuilder b = new StringBuilder(600);
        if (random.nextDouble() < 0.2) {
            b.append("Thema: ").append(FakeNames.pick(random, TOPICS_DE)).append('\n');
            b.append(FakeNames.pick(random, OBSERVATIONS_DE)).append('\n');
            b.append("Vereinbarung: ").append(FakeNames.pick(random, ACTIONS_DE)).append('.');
            return b.toString();
        }
        b.append("Focus: ").append(FakeNames.pick(random, TOPICS)).append(".\n");
        int lines = 1 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            b.append(FakeNames.pick(random, OBSERVATIONS)).append(i + 1 < lines ? " " : "\n");
        }
        b.append("Agreed: ").append(FakeNames.pick(random, ACTIONS)).append(", and ")
                .append(FakeNames.pick(random, ACTIONS)).append('.');
        return b.toString();
    }

    /** The same kind of note as the rich-text editor saves it. */
    static String htmlNote(SplittableRandom random) {
        StringBuilder b = new StringBuilder(800);
        b.append("<p><strong>Focus:</strong> ").append(FakeNames.pick(random, TOPICS)).append("</p>");
        b.append("<p>").append(escapeHtml(FakeNames.pick(random, OBSERVATIONS))).append("</p>");
        b.append("<ul>");
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            b.append("<li>").append(escapeHtml(FakeNames.pick(random, ACTIONS))).append("</li>");
        }
        b.append("</ul>");
        if (random.nextBoolean()) {
            b.append("<p><em>Next time:</em> check in on ").append(FakeNames.pick(random, TOPICS)).append("&nbsp;&amp; energy.</p>");
        }
        return b.toString();
    }

    /**
     * A pasted video-call transcript of at least {@code bytes} UTF-8 bytes: the usual way a note reaches several
     * megabytes. Plain ASCII, so characters and bytes match.
     */
    static String transcript(SplittableRandom random, int bytes) {
        StringBuilder b = new StringBuilder(bytes + 200);
        b.append("Transcript (auto-generated) - please do not share\n\n");
        int second = 0;
        while (b.length() < bytes) {
            second += 3 + random.nextInt(25);
            b.append(String.format(java.util.Locale.ROOT, "[%02d:%02d:%02d] ", second / 3600, second / 60 % 60, second % 60));
            b.append(random.nextBoolean() ? "Coach: " : "Client: ");
            b.append(asciiOnly(FakeNames.pick(random, OBSERVATIONS))).append(' ');
            b.append("We talked about ").append(FakeNames.pick(random, TOPICS)).append(".\n");
        }
        return b.toString();
    }

    static String noteTitle(SplittableRandom random) {
        return random.nextDouble() < 0.1 ? null : FakeNames.pick(random, NOTE_TITLES);
    }

    static String goal(SplittableRandom random) {
        String goal = FakeNames.pick(random, GOALS);
        return random.nextBoolean() ? goal : goal + ".\nWhy now: " + FakeNames.pick(random, OBSERVATIONS);
    }

    static String homework(SplittableRandom random) {
        return "1. " + FakeNames.pick(random, ACTIONS) + "\n2. " + FakeNames.pick(random, ACTIONS);
    }

    static String topic(SplittableRandom random) {
        return FakeNames.pick(random, TOPICS);
    }

    static String specialty(SplittableRandom random) {
        return FakeNames.pick(random, SPECIALTIES);
    }

    static String credentials(SplittableRandom random) {
        return FakeNames.pick(random, CREDENTIALS);
    }

    static String coachTitle(SplittableRandom random) {
        return FakeNames.pick(random, TITLES);
    }

    static String bio(SplittableRandom random, String firstName, String specialty) {
        return firstName + " has coached for " + (3 + random.nextInt(20)) + " years, focusing on " + specialty.toLowerCase(java.util.Locale.ROOT)
                + ".\nBefore coaching: " + FakeNames.pick(random, new String[] {"HR business partner", "software engineer",
                "management consultant", "nurse", "teacher", "sales director, \"the numbers person\""}) + ".";
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String asciiOnly(String text) {
        return text.replaceAll("[^\\x20-\\x7E]", "");
    }
}
