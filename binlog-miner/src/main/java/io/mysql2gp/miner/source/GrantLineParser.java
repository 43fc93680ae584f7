package io.mysql2gp.miner.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits one {@code SHOW GRANTS} line into privileges and object, honouring quotes and column lists. */
final class GrantLineParser {
    private GrantLineParser() {
    }

    static void parse(String line, List<Grants.Grant> grants, List<String> roles) {
        String s = line.trim();
        if (!s.regionMatches(true, 0, "GRANT ", 0, 6)) {
            return;
        }
        int on = findKeyword(s, "ON", 6);
        int to = findKeyword(s, "TO", 6);
        if (to < 0) {
            return;
        }
        if (on < 0 || on > to) {
            // GRANT `role`@`%`, `other` TO `user`@`%`: role grants
            for (String r : splitTopLevel(s.substring(6, to))) {
                roles.add(r.trim());
            }
            return;
        }
        List<String> privs = new ArrayList<>();
        for (String p : splitTopLevel(s.substring(6, on))) {
            // column privileges "SELECT (a, b)" grant nothing on whole tables
            if (!p.contains("(")) {
                privs.add(p);
            }
        }
        String object = s.substring(on + 2, to).trim();
        String upper = object.toUpperCase(Locale.ROOT);
        if (upper.startsWith("PROCEDURE ") || upper.startsWith("FUNCTION ") || upper.startsWith("PACKAGE ")) {
            return;
        }
        if (upper.startsWith("TABLE ")) {
            object = object.substring(6).trim();
        }
        String[] parts = splitObject(object);
        if (parts == null || privs.isEmpty()) {
            return; // e.g. PROXY ON ''@''
        }
        String db = parts[0].equals("*") ? null : parts[0];
        String table = parts[1].equals("*") ? null : parts[1];
        if (db == null && table != null) {
            return;
        }
        grants.add(new Grants.Grant(Grants.privilegeSet(privs), db, table));
    }

    /** Index of a whole word outside quotes and parentheses, or -1. */
    static int findKeyword(String s, String word, int from) {
        char quote = 0;
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote != '`') {
                    i++;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && s.regionMatches(true, i, word, 0, word.length())
                    && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))
                    && (i + word.length() == s.length() || Character.isWhitespace(s.charAt(i + word.length())))) {
                return i;
            }
        }
        return -1;
    }

    /** Splits on commas outside quotes and parentheses. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        char quote = 0;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = s.substring(start).trim();
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    /** {@code `db`.`t`}, {@code db.*}, {@code *.*} into {db, table} with quotes removed; null if not that shape. */
    static String[] splitObject(String object) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < object.length()) {
            char c = object.charAt(i);
            StringBuilder sb = new StringBuilder();
            if (c == '`' || c == '"') {
                int j = i + 1;
                while (j < object.length()) {
                    char d = object.charAt(j);
                    if (d == c) {
                        if (j + 1 < object.length() && object.charAt(j + 1) == c) {
                            sb.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                    j++;
                }
                i = j + 1;
            } else {
                int j = i;
                while (j < object.length() && object.charAt(j) != '.') {
                    j++;
                }
                sb.append(object, i, j);
                i = j;
            }
            parts.add(sb.toString().trim());
            if (i < object.length()) {
                if (object.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return parts.size() == 2 ? parts.toArray(new String[0]) : null;
    }
}
