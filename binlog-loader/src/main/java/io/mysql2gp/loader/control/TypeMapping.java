package io.mysql2gp.loader.control;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The recommended PostgreSQL/Greenplum column type for each MySQL/MariaDB column type: one ordered
 * list of rules, used both by {@code binlog_loader ddl} and to generate docs/TYPE-MAPPING.md.
 * Every target holds every source value exactly and is one the loader's conversions accept.
 */
public final class TypeMapping {
    /** A source column: its definition and information_schema's DATA_TYPE (tells MariaDB uuid/inet from binary). */
    public record Source(ColumnDef def, String dataType) {
        String kind() {
            return dataType == null ? "" : dataType.trim().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row of the mapping; the first rule whose predicate holds wins.
     *
     * @param source how the source type is written in the documentation
     * @param target the target type; {@code {n}} length, {@code {p}}/{@code {s}} precision/scale,
     *               {@code {f}} fractional-second digits
     * @param note   why, in one sentence or two
     */
    record Rule(String source, Predicate<Source> when, String target, String note) {
    }

    static final List<Rule> RULES = List.of(
            rule("TINYINT, TINYINT UNSIGNED (BOOL)", is(MysqlType.TINYINT), "smallint",
                    "PostgreSQL has no one-byte integer; -128…255 fit."),
            rule("SMALLINT", signed(MysqlType.SMALLINT), "smallint", ""),
            rule("SMALLINT UNSIGNED", unsigned(MysqlType.SMALLINT), "integer", "0…65535 exceeds smallint."),
            rule("MEDIUMINT, MEDIUMINT UNSIGNED", is(MysqlType.MEDIUMINT), "integer", ""),
            rule("INT", signed(MysqlType.INT), "integer", ""),
            rule("INT UNSIGNED", unsigned(MysqlType.INT), "bigint", "0…4294967295 exceeds integer."),
            rule("BIGINT", signed(MysqlType.BIGINT), "bigint", ""),
            rule("BIGINT UNSIGNED", unsigned(MysqlType.BIGINT), "numeric(20,0)",
                    "Up to 18446744073709551615, beyond bigint."),
            rule("DECIMAL(p,s) [UNSIGNED]", is(MysqlType.DECIMAL), "numeric({p},{s})", "Exact, same digits."),
            rule("FLOAT [UNSIGNED]", is(MysqlType.FLOAT), "real",
                    "Staged as the shortest text that reads back as the same float, so exact."),
            rule("DOUBLE [UNSIGNED]", is(MysqlType.DOUBLE), "double precision", "Same, for double."),
            rule("BIT(n), BIT(1) included", is(MysqlType.BIT), "bit({n})",
                    "Keeps bit semantics and `b'1'` literals for every n; a `boolean` target column also works"
                            + " (the loader converts: any 1 bit is true) if you create it so."),
            rule("YEAR", is(MysqlType.YEAR), "smallint", "Year 0000 is 0."),
            rule("DATE", is(MysqlType.DATE), "date",
                    "Zero dates become NULL or -infinity ([binlogloader] zero_date): see NOT NULL below."),
            rule("DATETIME(f)", is(MysqlType.DATETIME), "timestamp({f}) without time zone",
                    "Wall-clock time, no zone, as MySQL stores it."),
            rule("TIMESTAMP(f)", is(MysqlType.TIMESTAMP), "timestamp({f}) with time zone",
                    "MySQL stores an instant (UTC); it stays the same instant."),
            rule("TIME(f)", is(MysqlType.TIME), "interval({f})",
                    "MySQL TIME ranges over -838:59:59…838:59:59, beyond PostgreSQL's time of day."),
            rule("CHAR(0), VARCHAR(0)", c -> (c.def().type() == MysqlType.CHAR || c.def().type() == MysqlType.VARCHAR)
                    && c.def().length() == 0, "varchar(1)",
                    "PostgreSQL has no zero length; only '' fits the source column anyway."),
            rule("CHAR(n)", is(MysqlType.CHAR), "varchar({n})",
                    "MySQL returns CHAR without trailing spaces; char(n) would pad them back and compare differently."),
            rule("VARCHAR(n)", is(MysqlType.VARCHAR), "varchar({n})", "n counts characters in both."),
            rule("TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT", is(MysqlType.TEXT), "text", ""),
            rule("ENUM(...)", is(MysqlType.ENUM), "text",
                    "The label; text, not a PostgreSQL enum or varchar(n), so that adding labels on the source"
                            + " needs no target change."),
            rule("SET(...)", is(MysqlType.SET), "text", "The labels, comma-separated."),
            rule("JSON", is(MysqlType.JSON), "json",
                    "json keeps the text exactly; jsonb would reorder keys, drop duplicate keys and reject \\u0000."),
            rule("MariaDB UUID", c -> c.kind().equals("uuid"), "uuid", "The loader converts the 16 bytes."),
            rule("MariaDB INET4, INET6", c -> c.kind().equals("inet4") || c.kind().equals("inet6"), "bytea",
                    "The address bytes in network order (4 or 16); the loader has no conversion to inet."),
            rule("BINARY(n), VARBINARY(n), TINYBLOB…LONGBLOB", c -> c.def().type() == MysqlType.BINARY
                    || c.def().type() == MysqlType.VARBINARY || c.def().type() == MysqlType.BLOB, "bytea", ""),
            rule("GEOMETRY, POINT, POLYGON, …", is(MysqlType.GEOMETRY), "bytea",
                    "MySQL's internal format: 4-byte SRID, then WKB."),
            rule("VECTOR, types unknown to mysql2gp", c -> true, "bytea", "The bytes as the binlog carries them."));

    private TypeMapping() {
    }

    /** The target type for a source column, e.g. {@code numeric(20,0)} or {@code timestamp(3) with time zone}. */
    public static String targetType(Source column) {
        for (Rule r : RULES) {
            if (r.when().test(column)) {
                ColumnDef d = column.def();
                return r.target().replace("{n}", Integer.toString(d.length()))
                        .replace("{p}", Integer.toString(d.precision())).replace("{s}", Integer.toString(d.scale()))
                        .replace("{f}", Integer.toString(d.scale()));
            }
        }
        throw new IllegalStateException("the last rule matches every column");
    }

    /** The mapping as a Markdown table: source type, target type, note. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| MySQL / MariaDB | PostgreSQL / Greenplum | why |\n|---|---|---|\n");
        for (Rule r : RULES) {
            sb.append("| ").append(r.source()).append(" | `").append(r.target().replace("{", "").replace("}", ""))
                    .append("` | ")
                    .append(r.note().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static Rule rule(String source, Predicate<Source> when, String target, String note) {
        return new Rule(source, when, target, note);
    }

    private static Predicate<Source> is(MysqlType type) {
        return c -> c.def().type() == type;
    }

    private static Predicate<Source> signed(MysqlType type) {
        return c -> c.def().type() == type && !c.def().unsigned();
    }

    private static Predicate<Source> unsigned(MysqlType type) {
        return c -> c.def().type() == type && c.def().unsigned();
    }
}
