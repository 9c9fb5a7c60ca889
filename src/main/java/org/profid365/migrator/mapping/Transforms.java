package org.profid365.migrator.mapping;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.profid365.migrator.profi.ProfiTimestamps;

/**
 * The value transforms of the mapping file (docs/mapping.md, "transform"), as pure functions.
 *
 * <p>Text transforms take and give a {@code String}; {@code integer} gives a {@code Long}, {@code decimal} and
 * {@code money} a {@code BigDecimal}, {@code boolean} a {@code Boolean}, {@code date} {@code YYYY-MM-DD},
 * {@code datetime} UTC ISO-8601 with {@code Z}. A value a transform cannot convert is a {@link TransformException}.
 *
 * <p>Phone rule: a number written with a leading {@code +} or {@code 00} is international and becomes {@code +}
 * followed by its digits only ({@code 0044 20 7946-0958} → {@code +442079460958}); any other number keeps only its
 * digits and single spaces, trimmed ({@code (020) 7946-0958} → {@code 020 79460958}); a value without a digit is
 * an error.
 */
public final class Transforms {

    private static final Pattern WHITE = Pattern.compile("\\s+");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,10});");
    private static final Map<String, String> NAMED_ENTITIES = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("hellip", "…"), Map.entry("mdash", "—"), Map.entry("ndash", "–"), Map.entry("euro", "€"),
            Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"),
            Map.entry("ldquo", "“"), Map.entry("rdquo", "”"), Map.entry("auml", "ä"), Map.entry("ouml", "ö"),
            Map.entry("uuml", "ü"), Map.entry("Auml", "Ä"), Map.entry("Ouml", "Ö"), Map.entry("Uuml", "Ü"),
            Map.entry("szlig", "ß"), Map.entry("eacute", "é"), Map.entry("egrave", "è"));

    private Transforms() {
    }

    /**
     * Applies one named transform to a value (a {@code String}, or what an earlier transform gave).
     *
     * @param zone the zone of offset-less timestamps, for {@code date} and {@code datetime}
     */
    public static Object apply(String transform, Object value, ZoneId zone) throws TransformException {
        String s = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        return switch (transform) {
            case "trim" -> s.strip();
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "title" -> title(s);
            case "phone" -> phone(s);
            case "url" -> url(s);
            case "html-to-text" -> htmlToText(s);
            case "integer" -> integer(s);
            case "decimal", "money" -> decimal(s);
            case "boolean" -> bool(s);
            case "date" -> date(s, zone);
            case "datetime" -> datetime(s, zone);
            case "list" -> list(s);
            default -> throw new IllegalArgumentException("'" + transform + "' is not a transform");
        };
    }

    /** Title Case: the first letter of each word upper case, the rest lower; words start after a space, - or '. */
    public static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.appendCodePoint(Character.isLetter(cp) ? (start ? Character.toUpperCase(cp) : Character.toLowerCase(cp)) : cp);
            start = Character.isWhitespace(cp) || cp == '-' || cp == '\'';
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** See the class comment for the rule. */
    public static String phone(String s) throws TransformException {
        String t = s.strip();
        if (t.startsWith("+") || t.startsWith("00")) {
            String digits = t.replaceAll("[^0-9]", "");
            if (t.startsWith("00")) {
                digits = digits.substring(2);
            }
            if (digits.isEmpty()) {
                throw new TransformException("is not a phone number (no digits)");
            }
            return "+" + digits;
        }
        String kept = WHITE.matcher(t.replaceAll("[^0-9\\s]", "")).replaceAll(" ").strip();
        if (kept.isEmpty()) {
            throw new TransformException("is not a phone number (no digits)");
        }
        return kept;
    }

    /** Adds {@code https://} when the scheme is missing; the result must parse as a URI with a host. */
    public static String url(String s) throws TransformException {
        String t = s.strip();
        String u = SCHEME.matcher(t).find() && t.contains("://") ? t : "https://" + t;
        try {
            URI uri = new URI(u);
            if (uri.getHost() == null || !uri.getHost().contains(".") && !uri.getHost().equals("localhost")) {
                throw new TransformException("is not a URL (no host name)");
            }
        } catch (URISyntaxException e) {
            throw new TransformException("is not a URL (" + e.getReason() + ")");
        }
        return u;
    }

    /**
     * Plain text from HTML with the JDK only: script/style and comments dropped, {@code <br>} and the end of block
     * elements (p, div, h1-h6, tr, blockquote, pre, ul, ol, table) become line breaks, each list item starts a
     * line with "- ", other tags
     * are removed, entities decoded (numeric and common named ones), each line trimmed, at most one empty line in
     * a row.
     */
    public static String htmlToText(String html) {
        String s = html.replace("\r\n", "\n").replace('\r', '\n');
        s = s.replaceAll("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>", "");
        s = s.replaceAll("(?s)<!--.*?-->", "");
        s = s.replaceAll("(?i)<br\\s*/?>", "\n");
        s = s.replaceAll("(?i)<li\\b[^>]*>", "\n- ");
        s = s.replaceAll("(?i)</(p|div|h[1-6]|tr|blockquote|pre|ul|ol|table)\\s*>", "\n");
        s = s.replaceAll("<[^>]*>", "");
        s = decodeEntities(s);
        List<String> lines = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            lines.add(line.replaceAll("[ \\t\\x0B\\f\\u00A0]+", " ").strip());
        }
        return String.join("\n", lines).replaceAll("\n{3,}", "\n\n").strip();
    }

    static String decodeEntities(String s) {
        Matcher m = ENTITY.matcher(s);
        return m.replaceAll(r -> {
            String e = r.group(1);
            String out;
            if (e.startsWith("#")) {
                int cp = e.startsWith("#x") || e.startsWith("#X") ? Integer.parseInt(e.substring(2), 16)
                        : Integer.parseInt(e.substring(1));
                out = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : r.group();
            } else {
                out = NAMED_ENTITIES.getOrDefault(e, r.group());
            }
            return Matcher.quoteReplacement(out);
        });
    }

    public static Long integer(String s) throws TransformException {
        BigDecimal d = number(s, "a whole number");
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new TransformException("is not a whole number");
        }
    }

    public static BigDecimal decimal(String s) throws TransformException {
        return number(s, "a decimal number");
    }

    private static BigDecimal number(String s, String what) throws TransformException {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw new TransformException("is not " + what);
        }
    }

    /** {@code true/false}, {@code yes/no}, {@code 1/0}, case-insensitive. */
    public static Boolean bool(String s) throws TransformException {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new TransformException("is not a boolean (true/false, yes/no, 1/0)");
        };
    }

    /** A date as {@code YYYY-MM-DD}; a timestamp gives its date in {@code zone} (offset-less ones are in that zone). */
    public static String date(String s, ZoneId zone) throws TransformException {
        String t = s.strip();
        try {
            return LocalDate.parse(t).toString();
        } catch (DateTimeParseException e) {
            Instant i = ProfiTimestamps.parse(t, zone);
            if (i == null) {
                throw new TransformException("is not an ISO-8601 date or timestamp");
            }
            return LocalDate.ofInstant(i, zone).toString();
        }
    }

    /** A timestamp as UTC ISO-8601 with {@code Z}; offset-less ones (and bare dates, at midnight) are in {@code zone}. */
    public static String datetime(String s, ZoneId zone) throws TransformException {
        String t = s.strip();
        Instant i = ProfiTimestamps.parse(t, zone);
        if (i == null) {
            try {
                i = LocalDate.parse(t).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new TransformException("is not an ISO-8601 timestamp");
            }
        }
        return i.toString();
    }

    /** Profi's {@code ;}-separated list as the {@code ,}-separated form Dataverse uses: items trimmed, empty ones dropped. */
    public static String list(String s) {
        List<String> items = new ArrayList<>();
        for (String item : s.split(";")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return String.join(",", items);
    }
}
