package org.profid365.migrator.mapping;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Comments of a mapping file, each tied to the key it stands above by that key's path
 * ({@code [objects, company, targets, account, fields, industry]}): read from a hand-written file, written into the
 * YAML Jackson produces, which keeps none. Block-style YAML only, the kind both of those are; lines inside a flow
 * collection ({@code {a: 1,} continued on the next line) belong to the key they started on, and a comment among
 * them stands above no key, so it is not carried.
 */
final class YamlComments {

    private YamlComments() {
    }

    /** The comments above each key, by key path; those above the first key under the empty path. */
    static Map<List<String>, List<String>> read(String yaml) {
        Map<List<String>, List<String>> out = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        Paths paths = new Paths();
        boolean first = true;
        for (String line : yaml.split("\r?\n", -1)) {
            String body = line.strip();
            if (paths.insideFlow()) {
                paths.scanFlow(body);
            } else if (body.startsWith("#")) {
                pending.add(body.substring(1).strip());
            } else if (!body.isEmpty()) {
                List<String> path = paths.keyLine(line);
                if (path != null && !pending.isEmpty()) {
                    out.put(first ? List.of() : path, List.copyOf(pending));
                }
                first &= path == null;
                pending.clear();
                paths.scanFlow(body);
            }
        }
        return out;
    }

    /**
     * {@code yaml} with each comment above the key of its path, indented like that key, and those of the empty path
     * on top; a blank line sets off every top-level section ({@code options:}) and every object ({@code objects.<type>}).
     */
    static String write(String yaml, Map<List<String>, List<String>> comments) {
        StringBuilder out = new StringBuilder();
        comments.getOrDefault(List.of(), List.of()).forEach(c -> out.append(comment("", c)));
        Paths paths = new Paths();
        for (String line : yaml.split("\n", -1)) {
            List<String> path = paths.insideFlow() ? null : paths.keyLine(line);
            paths.scanFlow(line.strip());
            if (path != null) {
                boolean section = path.size() == 1 && line.endsWith(":") || path.size() == 2 && "objects".equals(path.get(0));
                if (section && !out.isEmpty()) {
                    out.append('\n');
                }
                String indent = line.substring(0, line.length() - line.stripLeading().length());
                comments.getOrDefault(path, List.of()).forEach(c -> out.append(comment(indent, c)));
            }
            out.append(line).append('\n');
        }
        // split leaves one empty piece after the last newline
        return out.substring(0, out.length() - 1);
    }

    private static String comment(String indent, String text) {
        return indent + "# " + text.replaceAll("[\r\n]+", " ").strip() + "\n";
    }

    /** The path of the key each line opens, from the indentation of the lines before it. */
    private static final class Paths {
        private final Deque<Integer> indents = new ArrayDeque<>();
        private final Deque<String> keys = new ArrayDeque<>();
        private int flowDepth;

        boolean insideFlow() {
            return flowDepth > 0;
        }

        /** The key path of a line that opens a key ({@code name:} or {@code name: value}), else null. */
        List<String> keyLine(String line) {
            String body = line.stripLeading();
            Key key = key(body);
            if (key == null) {
                return null;
            }
            int indent = line.length() - body.length();
            while (!indents.isEmpty() && indents.peekLast() >= indent) {
                indents.removeLast();
                keys.removeLast();
            }
            indents.addLast(indent);
            keys.addLast(key.name());
            return List.copyOf(keys);
        }

        /**
         * Counts the brackets of a flow collection opened and not yet closed, quotes skipped. Outside one, only a
         * value that starts with a bracket opens one: elsewhere a bracket is part of a plain scalar.
         */
        void scanFlow(String body) {
            int from = 0;
            if (flowDepth == 0) {
                Key key = key(body);
                String value = body.startsWith("- ") ? body.substring(2).strip()
                        : key == null ? "" : body.substring(key.colon() + 1).strip();
                if (!value.startsWith("{") && !value.startsWith("[")) {
                    return;
                }
                from = body.length() - value.length();
            }
            char quote = 0;
            for (int i = from; i < body.length(); i++) {
                char ch = body.charAt(i);
                if (quote != 0) {
                    if (ch == '\\' && quote == '"') {
                        i++;
                    } else if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '{' || ch == '[') {
                    flowDepth++;
                } else if (ch == '}' || ch == ']') {
                    flowDepth = Math.max(0, flowDepth - 1);
                } else if (ch == '#' && (i == 0 || body.charAt(i - 1) == ' ')) {
                    return; // the rest is a comment
                }
            }
        }
    }

    /** A key and the index of the colon after it. */
    private record Key(String name, int colon) {
    }

    /** The key a line (without its indentation) starts with, unquoted; null when the line holds no key. */
    private static Key key(String body) {
        if (body.isEmpty() || body.startsWith("#") || body.startsWith("-")) {
            return null;
        }
        if (body.startsWith("\"") || body.startsWith("'")) {
            return quotedKey(body);
        }
        int colon = body.indexOf(": ");
        if (colon < 0 && body.endsWith(":")) {
            colon = body.length() - 1;
        }
        return colon <= 0 ? null : new Key(body.substring(0, colon), colon);
    }

    private static Key quotedKey(String body) {
        char q = body.charAt(0);
        StringBuilder k = new StringBuilder();
        for (int i = 1; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (q == '"' && ch == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                if (next == 'u' && i + 4 < body.length()) {
                    k.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    k.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                }
            } else if (q == '\'' && ch == q && body.startsWith("'", i + 1)) {
                k.append(q);
                i++;
            } else if (ch == q) {
                return body.startsWith(":", i + 1) ? new Key(k.toString(), i + 1) : null;
            } else {
                k.append(ch);
            }
        }
        return null;
    }
}
