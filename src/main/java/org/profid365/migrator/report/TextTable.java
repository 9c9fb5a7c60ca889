package org.profid365.migrator.report;

import java.util.ArrayList;
import java.util.List;

/** A plain text table for the console: columns as wide as their widest cell, numbers right-aligned. */
final class TextTable {
    private final String[] header;
    private final List<Object[]> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = header;
    }

    void row(Object... cells) {
        rows.add(cells);
    }

    String render() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], HtmlPage.oneLine(String.valueOf(r[i])).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        StringBuilder rule = new StringBuilder("  ");
        for (int i = 0; i < width.length; i++) {
            rule.append(i > 0 ? "  " : "").append("-".repeat(width[i]));
        }
        sb.append(rule).append(System.lineSeparator());
        for (Object[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, Object[] cells, int[] width) {
        StringBuilder l = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            String s = HtmlPage.oneLine(String.valueOf(cells[i]));
            String pad = " ".repeat(width[i] - s.length());
            l.append(i > 0 ? "  " : "").append(cells[i] instanceof Number ? pad + s : s + pad);
        }
        sb.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }
}
