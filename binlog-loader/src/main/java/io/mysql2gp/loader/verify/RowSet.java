package io.mysql2gp.loader.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One side's rows as read by {@link VerifySql#mysqlRows}/{@link VerifySql#pgRows}, and the pure
 * comparison of two such rows: hash of the SQL-canonical columns, then the Java-compared ones.
 */
final class RowSet {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row: key literals (bindable on either side), row hash, canonical texts, raw Java-compared values. */
    record Row(List<String> keyLiterals, String hash, List<String> values, List<String> javaValues) {}

    private RowSet() {}

    /** The identity of a row: its key columns' canonical texts. */
    static List<String> key(TablePlan plan, Row row) {
        List<String> key = new ArrayList<>();
        for (VerifyColumn k : plan.keys()) {
            key.add(row.values().get(plan.columnIndex(k)));
        }
        return key;
    }

    /** The differing columns of two rows with the same key; empty when they are equal. */
    static List<RowDiff.ColumnDiff> compare(TablePlan plan, Row source, Row target) {
        List<RowDiff.ColumnDiff> diffs = new ArrayList<>();
        if (!source.hash().equals(target.hash())) {
            for (int i = 0; i < plan.columns().size(); i++) {
                VerifyColumn c = plan.columns().get(i);
                if (!c.javaCompared() && !Objects.equals(source.values().get(i), target.values().get(i))) {
                    diffs.add(new RowDiff.ColumnDiff(c.name(), source.values().get(i), target.values().get(i)));
                }
            }
        }
        List<VerifyColumn> java = plan.javaColumns();
        for (int i = 0; i < java.size(); i++) {
            String s = source.javaValues().get(i);
            String t = target.javaValues().get(i);
            if (!sameJavaValue(java.get(i), s, t)) {
                diffs.add(new RowDiff.ColumnDiff(java.get(i).name(), show(java.get(i), s), show(java.get(i), t)));
            }
        }
        if (diffs.isEmpty() && java.isEmpty() && !source.hash().equals(target.hash())) {
            // a canonical text equal column by column but a different hash cannot happen; say so rather than hide it
            diffs.add(new RowDiff.ColumnDiff("(row hash)", source.hash(), target.hash()));
        }
        return diffs;
    }

    /** Floats: the same double (0 equals -0); JSON in jsonb: the same parsed tree. */
    static boolean sameJavaValue(VerifyColumn c, String s, String t) {
        if (s == null || t == null) {
            return s == null && t == null;
        }
        if (c.source().type().isCharacter()) {
            try {
                JsonNode a = JSON.readTree(s);
                JsonNode b = JSON.readTree(t);
                return a.equals(b);
            } catch (Exception e) {
                return s.equals(t);
            }
        }
        double a = parse(s);
        double b = parse(t);
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /** A float as Java prints a double (both servers print them differently: 2.0 vs 2); other values as read. */
    private static String show(VerifyColumn c, String v) {
        if (v == null || c.source().type().isCharacter()) {
            return v;
        }
        try {
            return Double.toString(parse(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static double parse(String s) {
        return switch (s) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
