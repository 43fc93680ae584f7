package io.mysql2gp.loader.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Compact text for changes, targets and merge results, so that test tables read like specifications. */
final class Script {
    private Script() {}

    /**
     * One change per string, seq 1, 2, 3...: {@code I key row}, {@code U oldKey newKey row}, {@code D key},
     * {@code T}; a trailing {@code @n} sets the schema id (default 1).
     */
    static List<Change> changes(String... lines) {
        List<Change> out = new ArrayList<>(lines.length);
        long seq = 1;
        for (String line : lines) {
            out.add(change(seq++, line));
        }
        return out;
    }

    static Change change(long seq, String line) {
        String[] t = line.trim().split(" +");
        int schemaId = 1;
        int n = t.length;
        if (t[n - 1].startsWith("@")) {
            schemaId = Integer.parseInt(t[n - 1].substring(1));
            n--;
        }
        return switch (t[0]) {
            case "I" -> Change.insert(seq, t[1], t[2], schemaId);
            case "U" -> Change.update(seq, t[1], t[2], t[3], schemaId);
            case "D" -> Change.delete(seq, t[1], schemaId);
            case "T" -> Change.truncate(seq, schemaId);
            default -> throw new IllegalArgumentException("bad script line: " + line);
        };
    }

    /** {@code "a=r1 b=r2"} as a sorted map; the empty string is the empty table. */
    static Map<String, String> target(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String kv : text.trim().split(" +")) {
            if (!kv.isEmpty()) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    /** A target as {@code "a=r1 b=r2"}, sorted by key. */
    static String render(Map<String, String> target) {
        return new TreeMap<>(target).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** A merge result as {@code "truncate; delete a b; insert a=r2 c=r3@2"}: truncate only if set, {@code -} for none, {@code @n} for a schema id other than 1. */
    static String render(MergedTable m) {
        String rows = m.upserts().stream()
                .map(r -> r.key() + "=" + r.row() + (r.schemaId() == 1 ? "" : "@" + r.schemaId()))
                .collect(Collectors.joining(" "));
        return (m.truncated() ? "truncate; " : "")
                + "delete " + (m.deleteKeys().isEmpty() ? "-" : String.join(" ", m.deleteKeys()))
                + "; insert " + (rows.isEmpty() ? "-" : rows);
    }
}
