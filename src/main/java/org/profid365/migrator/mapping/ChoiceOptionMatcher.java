package org.profid365.migrator.mapping;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Proposes the option of a choice column for a Profi text value by its similarity to the option labels, most certain
 * first: the same words apart from case, spacing and punctuation (high); the same words once plurals and a few
 * synonyms are folded, or the words of exactly one label inside the value or the other way round (medium); one label
 * spelt one or two letters differently (low). Several equally good labels, or none, leave the value for a person.
 */
final class ChoiceOptionMatcher {

    /** An option for a value with how sure and why, or none ({@code option} null) with why a person must decide. */
    record Suggestion(Integer option, String confidence, String reason) {
        boolean decided() {
            return option != null;
        }
    }

    /** Words that mean the same in the labels of Dataverse's standard choices (industry, lead source, gender). */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("finance", "financial"), Map.entry("fintech", "financial"), Map.entry("banking", "financial"),
            Map.entry("law", "legal"), Map.entry("lawyer", "legal"), Map.entry("consultancy", "consulting"),
            Map.entry("consultant", "consulting"), Map.entry("advisory", "consulting"),
            Map.entry("logistic", "transportation"), Map.entry("transport", "transportation"),
            Map.entry("insurer", "insurance"), Map.entry("wholesaler", "wholesale"),
            Map.entry("farming", "agriculture"), Map.entry("website", "web"), Map.entry("online", "web"),
            Map.entry("internet", "web"), Map.entry("ad", "advertisement"), Map.entry("advert", "advertisement"),
            Map.entry("advertising", "advertisement"), Map.entry("workshop", "seminar"), Map.entry("webinar", "seminar"),
            Map.entry("tradeshow", "trade"), Map.entry("fair", "trade"), Map.entry("man", "male"),
            Map.entry("woman", "female"));

    private static final Set<String> STOP_WORDS = Set.of("and", "of", "the", "for", "a", "an", "in");
    private static final int MAX_CANDIDATES_NAMED = 4;

    private ChoiceOptionMatcher() {
    }

    static Suggestion match(String value, Map<Integer, String> options) {
        String compact = compact(value);
        List<Integer> same = filter(options, label -> !compact.isEmpty() && compact.equals(compact(label)));
        if (same.size() == 1) {
            return new Suggestion(same.get(0), "high", "same as option " + named(same.get(0), options)
                    + " apart from case, spacing and punctuation");
        }
        Set<String> words = words(value);
        List<Integer> alike = filter(options, label -> !words.isEmpty() && words.equals(words(label)));
        if (alike.size() == 1) {
            return new Suggestion(alike.get(0), "medium", "the same words as option " + named(alike.get(0), options)
                    + " once plurals and synonyms are folded");
        }
        List<Integer> within = alike.isEmpty() ? filter(options, label -> overlapsWholly(words, words(label))) : alike;
        if (within.size() == 1) {
            return new Suggestion(within.get(0), "medium", "the words of option " + named(within.get(0), options)
                    + (words.containsAll(words(options.get(within.get(0)))) ? " are all in the value" : " include the value's"));
        }
        if (within.size() > 1) {
            return new Suggestion(null, null, "could be " + candidates(within, options));
        }
        List<Integer> spelt = filter(options, label -> typo(compact, compact(label)));
        if (spelt.size() == 1) {
            return new Suggestion(spelt.get(0), "low", "spelt like option " + named(spelt.get(0), options)
                    + " but for a letter or two");
        }
        return new Suggestion(null, null, spelt.isEmpty() ? "no option label is like it"
                : "could be " + candidates(spelt, options));
    }

    private static List<Integer> filter(Map<Integer, String> options, Predicate<String> test) {
        return options.entrySet().stream().filter(o -> test.test(o.getValue())).map(Map.Entry::getKey).toList();
    }

    private static boolean overlapsWholly(Set<String> value, Set<String> label) {
        return !value.isEmpty() && !label.isEmpty() && (value.containsAll(label) || label.containsAll(value));
    }

    /** One or two letters apart (by length), so "Insurence" finds "Insurance" but "Media" does not find "Retail". */
    private static boolean typo(String a, String b) {
        int allowed = Math.min(a.length(), b.length()) >= 8 ? 2 : Math.min(a.length(), b.length()) >= 5 ? 1 : 0;
        return allowed > 0 && Math.abs(a.length() - b.length()) <= allowed && distance(a, b) <= allowed;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String named(Integer option, Map<Integer, String> options) {
        return option + " '" + options.get(option) + "'";
    }

    private static String candidates(List<Integer> options, Map<Integer, String> labels) {
        String named = options.stream().limit(MAX_CANDIDATES_NAMED).map(o -> named(o, labels)).collect(Collectors.joining(", "));
        return options.size() > MAX_CANDIDATES_NAMED ? named + " or " + (options.size() - MAX_CANDIDATES_NAMED) + " more" : named;
    }

    /** Lower-case letters and digits only, accents dropped and {@code &} read as "and". */
    static String compact(String s) {
        return plain(s).replaceAll("[^a-z0-9]", "");
    }

    /** The words that carry meaning: no stop words, plurals folded, synonyms replaced. */
    static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : plain(s).split("[^a-z0-9]+")) {
            if (w.isEmpty() || STOP_WORDS.contains(w)) {
                continue;
            }
            out.add(SYNONYMS.getOrDefault(singular(w), singular(w)));
        }
        return out;
    }

    private static String singular(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        return w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w;
    }

    private static String plain(String s) {
        String folded = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replace("&", " and ");
    }
}
