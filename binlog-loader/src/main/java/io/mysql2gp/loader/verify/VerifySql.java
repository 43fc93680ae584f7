package io.mysql2gp.loader.verify;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.loader.verify.VerifyColumn.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL text of {@code binlog_loader verify}, for MySQL/MariaDB and for PostgreSQL/Greenplum 6:
 * per column an expression giving the same canonical text on both sides, per row the md5 of
 * those texts (each length-prefixed, NULL as {@code N}), and per chunk of primary-key range the
 * row count and two sums of 60-bit slices of the row hashes. The sums do not depend on row order,
 * so the two servers' collations never matter for a checksum.
 */
public final class VerifySql {
    private VerifySql() {}

    public static String mysqlName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    public static String pgName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The MySQL expression of a column's canonical text (NULL stays NULL). */
    public static String mysqlCanonical(VerifyColumn c, ZeroDate zeroDate) {
        String q = mysqlName(c.name());
        return switch (c.kind()) {
            case NUMBER -> c.source().type() == io.mysql2gp.common.schema.MysqlType.YEAR
                    ? "CAST(" + q + " + 0 AS CHAR)" : "CAST(" + q + " AS CHAR)";
            case TEXT -> "CONVERT(" + q + " USING utf8mb4)";
            case HEX -> "LOWER(HEX(" + q + "))";
            case UUID -> "LOWER(REPLACE(CAST(" + q + " AS CHAR), '-', ''))";
            case BITS -> "LPAD(BIN(" + q + "), " + Math.max(1, c.source().length()) + ", '0')";
            case BOOL -> "IF(" + q + " = 0, '0', '1')";
            case DATE -> zeroRule(q, "DATE_FORMAT(" + q + ", '%Y-%m-%d')", zeroDate);
            case DATETIME, TIMESTAMP -> zeroRule(q, "DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')", zeroDate);
            case TIME -> "CAST(IF(LEFT(CAST(" + q + " AS CHAR), 1) = '-', -1, 1) * ((HOUR(" + q + ") * 3600 + MINUTE("
                    + q + ") * 60 + SECOND(" + q + ")) * 1000000 + MICROSECOND(" + q + ")) AS CHAR)";
            case FLOAT -> {
                String e = "FLOOR(LOG10(ABS(" + q + ")))";
                yield "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " = 0 THEN '0' WHEN ABS(" + q
                        + ") < 1e-300 THEN 'tiny' ELSE CONCAT(CAST(ROUND(" + q + " / POW(10, " + e + ") * "
                        + digitsScale(c) + ") AS SIGNED), 'e', CAST(" + e + " AS SIGNED)) END";
            }
            case JAVA -> "IF(" + q + " IS NULL, NULL, 'j')";
        };
    }

    /** 10^(significant digits - 1) of a float column's SQL rendering. */
    private static String digitsScale(VerifyColumn c) {
        return c.source().type() == io.mysql2gp.common.schema.MysqlType.FLOAT ? "1e8" : "1e14";
    }

    /** Zero and partial-zero dates (year, month or day 00) as the loader stores them: NULL or -infinity. */
    private static String zeroRule(String q, String formatted, ZeroDate zeroDate) {
        String s = "CAST(" + q + " AS CHAR)";
        return "CASE WHEN " + q + " IS NULL THEN NULL WHEN LEFT(" + s + ", 4) = '0000' OR SUBSTRING(" + s
                + ", 6, 2) = '00' OR SUBSTRING(" + s + ", 9, 2) = '00' THEN "
                + (zeroDate == ZeroDate.NULL ? "NULL" : "'-infinity'") + " ELSE " + formatted + " END";
    }

    /** The PostgreSQL expression of a column's canonical text (NULL stays NULL). */
    public static String pgCanonical(VerifyColumn c) {
        String q = pgName(c.targetName());
        return switch (c.kind()) {
            case NUMBER, TEXT, BITS -> q + "::text";
            case HEX -> "pg_catalog.encode(" + q + ", 'hex')";
            case UUID -> "pg_catalog.replace(" + q + "::text, '-', '')";
            case BOOL -> "CASE WHEN " + q + " THEN '1' WHEN NOT " + q + " THEN '0' END";
            case DATE -> finite(q, "pg_catalog.to_char(" + q + ", 'YYYY-MM-DD')");
            case DATETIME -> finite(q, "pg_catalog.to_char(" + q + ", 'YYYY-MM-DD HH24:MI:SS.US')");
            case TIMESTAMP -> finite(q, "pg_catalog.to_char(" + q + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
            // extract() is double precision before PostgreSQL 14 (Greenplum 6): exact to the microsecond for +-838 h
            case TIME -> "(pg_catalog.round((pg_catalog.date_part('epoch', " + q + ") * 1000000)::numeric))::int8::text";
            case FLOAT -> {
                String x = q + "::pg_catalog.float8";
                String e = "pg_catalog.floor(pg_catalog.log(pg_catalog.abs(" + x + ")))";
                yield "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " = 0 THEN '0' WHEN pg_catalog.abs(" + x
                        + ") < 1e-300 THEN 'tiny' ELSE (pg_catalog.round(" + x + " / pg_catalog.power(10::pg_catalog.float8, "
                        + e + ") * " + digitsScale(c) + "::pg_catalog.float8))::pg_catalog.int8::text || 'e' || ("
                        + e + ")::pg_catalog.int8::text END";
            }
            case JAVA -> "CASE WHEN " + q + " IS NULL THEN NULL ELSE 'j' END";
        };
    }

    private static String finite(String q, String formatted) {
        return "CASE WHEN pg_catalog.isfinite(" + q + ") THEN " + formatted + " ELSE " + q + "::text END";
    }

    /** MySQL: md5 of the row's canonical texts, each as {@code <chars>:<text>}, NULL as {@code N}, comma-joined. */
    public static String mysqlRowHash(List<VerifyColumn> cols, ZeroDate zeroDate) {
        List<String> parts = new ArrayList<>();
        for (VerifyColumn c : cols) {
            String e = mysqlCanonical(c, zeroDate);
            parts.add("IFNULL(CONCAT(CHAR_LENGTH(" + e + "), ':', " + e + "), 'N')");
        }
        return "MD5(CONVERT(CONCAT_WS(',', " + String.join(", ", parts) + ") USING utf8mb4))";
    }

    /** PostgreSQL: the same md5 as {@link #mysqlRowHash}. */
    public static String pgRowHash(List<VerifyColumn> cols) {
        List<String> parts = new ArrayList<>();
        for (VerifyColumn c : cols) {
            String e = pgCanonical(c);
            parts.add("COALESCE(pg_catalog.char_length(" + e + ")::text || ':' || " + e + ", 'N')");
        }
        return "pg_catalog.md5(" + String.join(" || ',' || ", parts) + ")";
    }

    /** MySQL: the key literal read for chunk boundaries and bound back into range predicates. */
    public static String mysqlKeyLiteral(VerifyColumn c) {
        String q = mysqlName(c.name());
        return switch (c.kind()) {
            case NUMBER, BITS, BOOL -> "CAST(" + q + " + 0 AS CHAR)";
            case TEXT -> "CONVERT(" + q + " USING utf8mb4)";
            case HEX -> "LOWER(HEX(" + q + "))";
            default -> "CAST(" + q + " AS CHAR)";
        };
    }

    /** PostgreSQL: the same literal as {@link #mysqlKeyLiteral}, for rows only the target has. */
    public static String pgKeyLiteral(VerifyColumn c) {
        String q = pgName(c.targetName());
        return switch (c.kind()) {
            case HEX -> "pg_catalog.encode(" + q + ", 'hex')";
            case BITS -> "(" + q + ")::int8::text";
            case TIMESTAMP -> "pg_catalog.to_char(" + q + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
            default -> q + "::text";
        };
    }

    /** MySQL: a placeholder for a key literal, typed so that it compares like the column. */
    static String mysqlParam(VerifyColumn c) {
        return switch (c.kind()) {
            case NUMBER -> "CAST(? AS DECIMAL(65," + Math.min(30, c.source().scale()) + "))";
            case BITS, BOOL -> "CAST(? AS UNSIGNED)";
            case HEX -> "UNHEX(?)";
            default -> "?";
        };
    }

    /** PostgreSQL: a placeholder for a key literal read from the source. */
    static String pgParam(VerifyColumn c) {
        return switch (c.kind()) {
            case NUMBER -> "CAST(? AS pg_catalog.\"numeric\")";
            case TEXT -> "CAST(? AS pg_catalog.text)";
            case HEX -> "pg_catalog.decode(?, 'hex')";
            case BITS -> "CAST(CAST(? AS pg_catalog.int8) AS " + c.targetType() + "(" + c.source().length() + "))";
            case TIMESTAMP -> "CAST(? || '+00' AS pg_catalog.timestamptz)";
            default -> "CAST(? AS " + c.targetType() + ")";
        };
    }

    /**
     * A key-range predicate: after the lower bound (exclusive) and up to the upper bound (inclusive).
     * For a composite key each bound's parameters are its first value, then all values (see {@link #boundValues}).
     */
    static String range(List<String> keyColumns, List<String> params, boolean lower, boolean upper) {
        if (!lower && !upper) {
            return "TRUE";
        }
        boolean composite = keyColumns.size() > 1;
        String cols = composite ? "(" + String.join(", ", keyColumns) + ")" : keyColumns.get(0);
        String vals = composite ? "(" + String.join(", ", params) + ")" : params.get(0);
        // MySQL/MariaDB do not use an index for a row comparison: the leading column's own bound lets them
        String lead = composite ? keyColumns.get(0) + " %s " + params.get(0) + " AND " : "";
        List<String> terms = new ArrayList<>();
        if (lower) {
            terms.add(lead.formatted(">=") + cols + " > " + vals);
        }
        if (upper) {
            terms.add(lead.formatted("<=") + cols + " <= " + vals);
        }
        return String.join(" AND ", terms);
    }

    /** The values to bind for one bound of {@link #range}, in parameter order. */
    static List<String> boundValues(List<String> bound) {
        if (bound == null || bound.size() < 2) {
            return bound;
        }
        List<String> values = new ArrayList<>();
        values.add(bound.get(0));
        values.addAll(bound);
        return values;
    }

    /** Key equality, for looking up one row on the other side. */
    static String equality(List<String> keyColumns, List<String> params) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            terms.add(keyColumns.get(i) + " = " + params.get(i));
        }
        return String.join(" AND ", terms);
    }

    /** The source's query for the next chunk's upper bound: bind the lower bound (if any), then the offset. */
    public static String mysqlNextBoundary(TablePlan t, boolean lower) {
        List<String> lits = t.keys().stream().map(VerifySql::mysqlKeyLiteral).toList();
        return "SELECT " + String.join(", ", lits) + " FROM " + t.mysqlTable() + " WHERE "
                + range(t.mysqlKeyNames(), t.keys().stream().map(VerifySql::mysqlParam).toList(), lower, false)
                + " ORDER BY " + String.join(", ", t.mysqlKeyNames()) + " LIMIT 1 OFFSET ?";
    }

    /** MySQL chunk checksum: {@code count, sum of hash hex 1-15, sum of hash hex 16-30} (exact DECIMAL sums). */
    public static String mysqlChecksum(TablePlan t, ZeroDate zeroDate, boolean lower, boolean upper) {
        return "SELECT COUNT(*), IFNULL(SUM(CAST(CONV(SUBSTRING(h, 1, 15), 16, 10) AS UNSIGNED)), 0),"
                + " IFNULL(SUM(CAST(CONV(SUBSTRING(h, 16, 15), 16, 10) AS UNSIGNED)), 0) FROM (SELECT "
                + mysqlRowHash(t.columns(), zeroDate) + " AS h FROM " + t.mysqlTable() + " WHERE "
                + mysqlRange(t, lower, upper) + ") x";
    }

    /** PostgreSQL chunk checksum, the same numbers as {@link #mysqlChecksum} (Greenplum 6 compatible). */
    public static String pgChecksum(TablePlan t, boolean lower, boolean upper) {
        return "SELECT pg_catalog.count(*), COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 1, 15))::bit(60)::int8), 0),"
                + " COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 16, 15))::bit(60)::int8), 0) FROM (SELECT "
                + pgRowHash(t.columns()) + " AS h FROM " + t.pgTable() + " WHERE " + pgRange(t, lower, upper) + ") x";
    }

    static String mysqlRange(TablePlan t, boolean lower, boolean upper) {
        return range(t.mysqlKeyNames(), t.keys().stream().map(VerifySql::mysqlParam).toList(), lower, upper);
    }

    static String pgRange(TablePlan t, boolean lower, boolean upper) {
        return range(t.pgKeyNames(), t.keys().stream().map(VerifySql::pgParam).toList(), lower, upper);
    }

    /** MySQL rows of a range (or of one key): key literals, row hash, canonical texts, then raw Java-compared columns. */
    public static String mysqlRows(TablePlan t, ZeroDate zeroDate, String where) {
        return mysqlRows(t, zeroDate, where, true);
    }

    /** {@link #mysqlRows}; not {@code full}: the canonical texts of non-key columns are NULL (rows of a whole chunk). */
    public static String mysqlRows(TablePlan t, ZeroDate zeroDate, String where, boolean full) {
        List<String> sel = new ArrayList<>();
        t.keys().forEach(k -> sel.add(mysqlKeyLiteral(k)));
        sel.add(mysqlRowHash(t.columns(), zeroDate));
        t.columns().forEach(c -> sel.add(full || t.keys().contains(c) ? mysqlCanonical(c, zeroDate) : "NULL"));
        for (VerifyColumn c : t.javaColumns()) {
            String q = mysqlName(c.name());
            sel.add(c.source().type().isCharacter() ? "CONVERT(" + q + " USING utf8mb4)" : "CAST(" + q + " AS DOUBLE)");
        }
        return "SELECT " + String.join(", ", sel) + " FROM " + t.mysqlTable() + " WHERE " + where;
    }

    /** PostgreSQL rows in the same layout as {@link #mysqlRows}. */
    public static String pgRows(TablePlan t, String where) {
        return pgRows(t, where, true);
    }

    /** {@link #pgRows}; not {@code full}: the canonical texts of non-key columns are NULL. */
    public static String pgRows(TablePlan t, String where, boolean full) {
        List<String> sel = new ArrayList<>();
        t.keys().forEach(k -> sel.add(pgKeyLiteral(k)));
        sel.add(pgRowHash(t.columns()));
        t.columns().forEach(c -> sel.add(full || t.keys().contains(c) ? pgCanonical(c) : "NULL"));
        for (VerifyColumn c : t.javaColumns()) {
            String q = pgName(c.targetName());
            sel.add(c.source().type().isCharacter() ? q + "::text" : q + "::float8::text");
        }
        return "SELECT " + String.join(", ", sel) + " FROM " + t.pgTable() + " WHERE " + where;
    }

    static String mysqlKeyEquals(TablePlan t) {
        return equality(t.mysqlKeyNames(), t.keys().stream().map(VerifySql::mysqlParam).toList());
    }

    static String pgKeyEquals(TablePlan t) {
        return equality(t.pgKeyNames(), t.keys().stream().map(VerifySql::pgParam).toList());
    }
}
