package io.mysql2gp.common.config;

import java.util.ArrayList;
import java.util.List;

/** Splits one table-list line into its name parts ({@code [table]} or {@code [db, table]}). */
final class TableNameParser {
    private TableNameParser() {
    }

    /**
     * The name parts of a line, or an empty list for a blank or comment line. A {@code #} starts a
     * comment at the start of the line or after whitespace, outside quotes.
     *
     * @throws IllegalArgumentException describing the problem (the caller adds file and line)
     */
    static List<String> parseLine(String line) {
        List<String> parts = new ArrayList<>();
        int n = line.length();
        int i = skipSpace(line, 0);
        if (i >= n || line.charAt(i) == '#') {
            return parts;
        }
        while (true) {
            i = skipSpace(line, i);
            if (i < n && (line.charAt(i) == '`' || line.charAt(i) == '"')) {
                char q = line.charAt(i);
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated " + q + " quote");
                    }
                    char c = line.charAt(i++);
                    if (c == q && i < n && line.charAt(i) == q) {
                        sb.append(q);
                        i++;
                    } else if (c == q) {
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (sb.isEmpty()) {
                    throw new IllegalArgumentException("empty name " + q + q);
                }
                parts.add(sb.toString());
                i = skipSpace(line, i);
                if (i < n && line.charAt(i) != '.' && line.charAt(i) != '#') {
                    throw new IllegalArgumentException("unexpected text after the quoted name " + q + sb + q);
                }
            } else {
                int start = i;
                while (i < n && line.charAt(i) != '.' && !isCommentStart(line, i)) {
                    i++;
                }
                String name = line.substring(start, i).strip();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty name before or after \".\"");
                }
                parts.add(name);
            }
            if (i >= n || line.charAt(i) == '#') {
                break;
            }
            i++; // the dot
        }
        if (parts.size() > 2) {
            throw new IllegalArgumentException("more than one \".\": write db.table, with a name that contains a dot"
                    + " in backquotes, e.g. db.`my.table`");
        }
        return parts;
    }

    private static boolean isCommentStart(String line, int i) {
        return line.charAt(i) == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1));
    }

    private static int skipSpace(String line, int i) {
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
