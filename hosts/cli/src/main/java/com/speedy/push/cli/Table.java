package com.speedy.push.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain text table: columns as wide as their widest cell, two spaces apart, no trailing blanks. */
final class Table {
    private Table() {}

    static void print(PrintWriter out, List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                text.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
