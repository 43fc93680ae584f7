package io.mysql2gp.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL COPY text-format escaping. A row image is a line of fields joined by TAB, each field
 * escaped here, with {@code \N} for SQL NULL; such a line can be handed to COPY as it is.
 */
public final class CopyText {
    /** The field text of SQL NULL. */
    public static final String NULL = "\\N";

    private CopyText() {}

    /** Appends {@code value} escaped for COPY text format ({@code null} becomes {@code \N}). */
    public static void appendField(StringBuilder out, String value) {
        if (value == null) {
            out.append(NULL);
            return;
        }
        // copies runs of plain characters in bulk: most fields have nothing to escape
        int run = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\000";
                default -> null;
            };
            if (escaped != null) {
                out.append(value, run, i).append(escaped);
                run = i + 1;
            }
        }
        out.append(value, run, value.length());
    }

    /** One field escaped for COPY text format. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value == null ? 2 : value.length() + 8);
        appendField(sb, value);
        return sb.toString();
    }

    /** Joins already-escaped fields with TAB. */
    public static String joinEscaped(List<String> escapedFields) {
        return String.join("\t", escapedFields);
    }

    /** Splits a COPY text line into its unescaped fields ({@code \N} becomes {@code null}). */
    public static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean isNull = false;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(isNull ? null : cur.toString());
                cur.setLength(0);
                isNull = false;
            } else if (c == '\\' && i + 1 < n) {
                char e = line.charAt(++i);
                switch (e) {
                    case 't' -> cur.append('\t');
                    case 'n' -> cur.append('\n');
                    case 'r' -> cur.append('\r');
                    case 'N' -> isNull = true;
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int v = e - '0';
                        int k = 1;
                        while (k < 3 && i + 1 < n && line.charAt(i + 1) >= '0' && line.charAt(i + 1) <= '7') {
                            v = v * 8 + (line.charAt(++i) - '0');
                            k++;
                        }
                        cur.append((char) v);
                    }
                    default -> cur.append(e);
                }
            } else {
                cur.append(c);
            }
        }
        fields.add(isNull ? null : cur.toString());
        return fields;
    }
}
