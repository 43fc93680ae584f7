package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.Optional;
import java.util.Set;

/**
 * SQL expressions turning a staged value (canonical text, see docs/STAGING.md) into a target
 * column's type. Casts go to the type without modifier ({@link TargetColumn#castType()}) so that the
 * assignment to the column checks lengths instead of an explicit cast silently truncating. A pair
 * that a plain cast might still manage (a VARCHAR into an integer column) is allowed and fails, if
 * at all, per value; a pair that can never work (a BLOB into an integer column) has no expression.
 */
public final class Conversions {
    /** What kind of target type a column has, from its (base) type name and category. */
    enum Target { INTEGER, NUMERIC, FLOAT, BOOLEAN, STRING, JSON, BYTEA, DATE, TIMESTAMP, TIMESTAMPTZ, TIME,
        INTERVAL, BITS, UUID, OTHER }

    private static final Set<Target> NUMBERS = Set.of(Target.INTEGER, Target.NUMERIC, Target.FLOAT);

    private Conversions() {}

    static Target targetKind(TargetColumn col) {
        return switch (col.baseType()) {
            case "int2", "int4", "int8" -> Target.INTEGER;
            case "numeric" -> Target.NUMERIC;
            case "float4", "float8" -> Target.FLOAT;
            case "bool" -> Target.BOOLEAN;
            case "json", "jsonb" -> Target.JSON;
            case "bytea" -> Target.BYTEA;
            case "date" -> Target.DATE;
            case "timestamp" -> Target.TIMESTAMP;
            case "timestamptz" -> Target.TIMESTAMPTZ;
            case "time" -> Target.TIME;
            case "interval" -> Target.INTERVAL;
            case "bit", "varbit" -> Target.BITS;
            case "uuid" -> Target.UUID;
            default -> col.category() == 'S' ? Target.STRING : Target.OTHER;
        };
    }

    /**
     * The expression converting {@code value} (an SQL expression of type text holding the staged
     * value of {@code source}) to {@code target}'s type, or empty when the pair can never convert.
     */
    public static Optional<String> expression(ColumnDef source, TargetColumn target, String value, ZeroDate zeroDate) {
        Target kind = targetKind(target);
        String cast = "(" + value + ")::" + target.castType();
        if (kind == Target.STRING) {
            return Optional.of(cast); // the canonical text, whatever the source type
        }
        MysqlType type = source.type();
        return Optional.ofNullable(switch (type) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, YEAR, DECIMAL, FLOAT, DOUBLE -> number(kind, cast, value);
            case BIT -> bits(source, target, kind, cast, value);
            case CHAR, VARCHAR, TEXT, ENUM, SET, JSON -> kind == Target.BYTEA
                    ? "pg_catalog.convert_to(" + value + ", 'UTF8')" : cast;
            case BINARY, VARBINARY, BLOB, GEOMETRY, VECTOR, UNKNOWN -> switch (kind) {
                case BYTEA -> cast; // the staged text is bytea hex input: \x00ff
                case UUID -> "(pg_catalog.substr(" + value + ", 3))::" + target.castType();
                default -> null;
            };
            case DATE, DATETIME -> dateTime(false, kind, target, value, zeroDate);
            case TIMESTAMP -> dateTime(true, kind, target, value, zeroDate);
            case TIME -> switch (kind) {
                case INTERVAL, TIME, OTHER -> cast; // time rejects values outside 00:00:00-24:00:00, per value
                default -> null;
            };
        });
    }

    /**
     * Whether COPY of the staged text straight into {@code target} stores what {@link #expression}
     * would: the expression is the plain cast (the column's input function, whose modifier checks
     * apply the same way to COPY and to an assignment), or DATE into date / DATETIME into timestamp,
     * where it differs only for zero dates, text that the input function rejects (a rejected COPY is
     * redone through the expression, see TableApplier).
     */
    public static boolean copiesAsIs(ColumnDef source, TargetColumn target) {
        String value = "v";
        String plain = "(" + value + ")::" + target.castType();
        if (plain.equals(expression(source, target, value, ZeroDate.NULL).orElse(null))) {
            return true;
        }
        Target kind = targetKind(target);
        return source.type() == MysqlType.DATE && kind == Target.DATE
                || source.type() == MysqlType.DATETIME && kind == Target.TIMESTAMP;
    }

    private static String number(Target kind, String cast, String value) {
        if (NUMBERS.contains(kind) || kind == Target.JSON || kind == Target.OTHER) {
            return cast;
        }
        if (kind == Target.BOOLEAN) {
            return "((" + value + ")::pg_catalog.\"numeric\" <> 0)"; // MySQL truth: any non-zero number
        }
        return null;
    }

    private static String bits(ColumnDef source, TargetColumn target, Target kind, String cast, String value) {
        String asBigint = "((" + value + ")::pg_catalog.\"bit\")::pg_catalog.int8";
        return switch (kind) {
            case BITS, OTHER -> cast;
            case BOOLEAN -> "(pg_catalog.strpos(" + value + ", '1') > 0)";
            case INTEGER -> "(" + asBigint + ")::" + target.castType();
            // bit(64) -> int8 is two's complement: add 2^64 back when the top bit is set
            case NUMERIC, FLOAT -> source.length() >= 64
                    ? "((" + asBigint + ")::pg_catalog.\"numeric\" + CASE WHEN pg_catalog.\"left\"(" + value
                            + ", 1) = '1' THEN 18446744073709551616 ELSE 0 END)::" + target.castType()
                    : "(" + asBigint + ")::" + target.castType();
            default -> null;
        };
    }

    /**
     * DATE/DATETIME (no zone) and TIMESTAMP (a UTC instant, {@code ...+00}); a zero or partial-zero
     * date (year, month or day 00, which PostgreSQL cannot store) becomes NULL or -infinity.
     */
    private static String dateTime(boolean utcInstant, Target kind, TargetColumn target, String value, ZeroDate zd) {
        String converted = switch (kind) {
            case DATE -> utcInstant
                    ? "((" + value + ")::pg_catalog.timestamptz AT TIME ZONE 'UTC')::" + target.castType()
                    : "(" + value + ")::" + target.castType();
            case TIMESTAMP -> utcInstant
                    ? "((" + value + ")::pg_catalog.timestamptz AT TIME ZONE 'UTC')::" + target.castType()
                    : "(" + value + ")::" + target.castType();
            // a DATE/DATETIME has no zone: it is taken as UTC, independent of the session's TimeZone
            case TIMESTAMPTZ -> utcInstant
                    ? "(" + value + ")::" + target.castType()
                    : "((" + value + ")::pg_catalog.\"timestamp\" AT TIME ZONE 'UTC')::" + target.castType();
            case OTHER -> "(" + value + ")::" + target.castType();
            default -> null;
        };
        if (converted == null) {
            return null;
        }
        String zero = zd == ZeroDate.NULL ? "NULL" : "'-infinity'";
        return "CASE WHEN pg_catalog.substr(" + value + ", 1, 4) = '0000' OR pg_catalog.substr(" + value
                + ", 6, 2) = '00' OR pg_catalog.substr(" + value + ", 9, 2) = '00' THEN " + zero + "::"
                + target.castType() + " ELSE " + converted + " END";
    }
}
