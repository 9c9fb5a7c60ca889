package org.profid365.migrator.report;

/** What every report page shares: a self-contained head with one style sheet, and escaping. */
final class HtmlPage {

    private static final String STYLE = """
              body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem; color: #1f2328; }
              h1 { font-size: 1.6rem; margin-bottom: .2rem; }
              h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
              p.meta { color: #59636e; margin-top: 0; }
              table { border-collapse: collapse; margin-top: .5rem; width: 100%; }
              th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
              th { background: #f6f8fa; }
              td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
              td.ids { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
              tr.warn td { background: #fff8c5; }
              tr.bad td { background: #ffebe9; }
              .ok { color: #1a7f37; font-weight: 600; }
              .failed { color: #cf222e; font-weight: 600; }
              .muted { color: #59636e; }
              ul.clear { color: #59636e; }
            """;

    private HtmlPage() {
    }

    /** The document up to and including {@code <body>}: no external assets, so the file works anywhere. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + esc(title) + "</title>\n"
                + "<style>\n" + STYLE + "</style>\n</head>\n<body>\n";
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Cell text on one line: line breaks and tabs of source values would break the table. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
