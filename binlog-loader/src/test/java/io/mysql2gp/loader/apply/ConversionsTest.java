package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import static io.mysql2gp.loader.apply.Fixtures.col;
import static io.mysql2gp.loader.apply.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversionsTest {
    private static final String ZERO_CHECK = "CASE WHEN pg_catalog.substr(v, 1, 4) = '0000' OR pg_catalog.substr(v, 6, 2) = '00'"
            + " OR pg_catalog.substr(v, 9, 2) = '00' THEN ";

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of(col("a", MysqlType.INT), target("a", "int4", "integer"), ZeroDate.NULL,
                        "(v)::pg_catalog.int4"),
                Arguments.of(col("a", MysqlType.BIGINT, 0, 0, 0, true), target("a", "numeric", "numeric(20,0)"),
                        ZeroDate.NULL, "(v)::pg_catalog.\"numeric\""),
                Arguments.of(col("a", MysqlType.TINYINT, 1, 0, 0, false), target("a", "bool", "boolean"),
                        ZeroDate.NULL, "((v)::pg_catalog.\"numeric\" <> 0)"),
                Arguments.of(col("a", MysqlType.DOUBLE), target("a", "float8", "double precision"), ZeroDate.NULL,
                        "(v)::pg_catalog.float8"),
                Arguments.of(col("a", MysqlType.VARCHAR), target("a", "varchar", "character varying(5)"),
                        ZeroDate.NULL, "(v)::pg_catalog.\"varchar\""),
                Arguments.of(col("a", MysqlType.BLOB), target("a", "text", "text"), ZeroDate.NULL,
                        "(v)::pg_catalog.text"),
                Arguments.of(col("a", MysqlType.VARCHAR), target("a", "int8", "bigint"), ZeroDate.NULL,
                        "(v)::pg_catalog.int8"),
                Arguments.of(col("a", MysqlType.JSON), target("a", "jsonb", "jsonb"), ZeroDate.NULL,
                        "(v)::pg_catalog.jsonb"),
                Arguments.of(col("a", MysqlType.TEXT), target("a", "bytea", "bytea"), ZeroDate.NULL,
                        "pg_catalog.convert_to(v, 'UTF8')"),
                Arguments.of(col("a", MysqlType.VARBINARY), target("a", "bytea", "bytea"), ZeroDate.NULL,
                        "(v)::pg_catalog.bytea"),
                Arguments.of(col("a", MysqlType.BINARY), target("a", "uuid", "uuid"), ZeroDate.NULL,
                        "(pg_catalog.substr(v, 3))::pg_catalog.uuid"),
                Arguments.of(col("a", MysqlType.DATE), target("a", "date", "date"), ZeroDate.NULL,
                        ZERO_CHECK + "NULL::pg_catalog.date ELSE (v)::pg_catalog.date END"),
                Arguments.of(col("a", MysqlType.DATE), target("a", "date", "date"), ZeroDate.NEGATIVE_INFINITY,
                        ZERO_CHECK + "'-infinity'::pg_catalog.date ELSE (v)::pg_catalog.date END"),
                Arguments.of(col("a", MysqlType.DATETIME), target("a", "timestamp", "timestamp(6) without time zone"),
                        ZeroDate.NULL, ZERO_CHECK + "NULL::pg_catalog.\"timestamp\" ELSE (v)::pg_catalog.\"timestamp\" END"),
                Arguments.of(col("a", MysqlType.DATETIME), target("a", "timestamptz", "timestamp with time zone"),
                        ZeroDate.NULL, ZERO_CHECK + "NULL::pg_catalog.timestamptz ELSE ((v)::pg_catalog.\"timestamp\""
                                + " AT TIME ZONE 'UTC')::pg_catalog.timestamptz END"),
                Arguments.of(col("a", MysqlType.TIMESTAMP), target("a", "timestamptz", "timestamp with time zone"),
                        ZeroDate.NULL, ZERO_CHECK + "NULL::pg_catalog.timestamptz ELSE (v)::pg_catalog.timestamptz END"),
                Arguments.of(col("a", MysqlType.TIMESTAMP), target("a", "timestamp", "timestamp without time zone"),
                        ZeroDate.NULL, ZERO_CHECK + "NULL::pg_catalog.\"timestamp\" ELSE ((v)::pg_catalog.timestamptz"
                                + " AT TIME ZONE 'UTC')::pg_catalog.\"timestamp\" END"),
                Arguments.of(col("a", MysqlType.TIME), target("a", "interval", "interval"), ZeroDate.NULL,
                        "(v)::pg_catalog.\"interval\""),
                Arguments.of(col("a", MysqlType.TIME), target("a", "time", "time without time zone"), ZeroDate.NULL,
                        "(v)::pg_catalog.\"time\""),
                Arguments.of(col("a", MysqlType.YEAR), target("a", "int2", "smallint"), ZeroDate.NULL,
                        "(v)::pg_catalog.int2"),
                Arguments.of(col("a", MysqlType.BIT, 1, 0, 0, false), target("a", "bool", "boolean"), ZeroDate.NULL,
                        "(pg_catalog.strpos(v, '1') > 0)"),
                Arguments.of(col("a", MysqlType.BIT, 5, 0, 0, false), target("a", "bit", "bit(5)"), ZeroDate.NULL,
                        "(v)::pg_catalog.\"bit\""),
                Arguments.of(col("a", MysqlType.BIT, 5, 0, 0, false), target("a", "int8", "bigint"), ZeroDate.NULL,
                        "(((v)::pg_catalog.\"bit\")::pg_catalog.int8)::pg_catalog.int8"),
                Arguments.of(col("a", MysqlType.BIT, 64, 0, 0, false), target("a", "numeric", "numeric"),
                        ZeroDate.NULL, "((((v)::pg_catalog.\"bit\")::pg_catalog.int8)::pg_catalog.\"numeric\" + CASE WHEN"
                                + " pg_catalog.\"left\"(v, 1) = '1' THEN 18446744073709551616 ELSE 0 END)::pg_catalog.\"numeric\""),
                Arguments.of(col("a", MysqlType.ENUM), target("a", "varchar", "character varying(10)"), ZeroDate.NULL,
                        "(v)::pg_catalog.\"varchar\""),
                Arguments.of(col("a", MysqlType.DATE), target("a", "text", "text"), ZeroDate.NULL,
                        "(v)::pg_catalog.text"));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("expressions")
    void convertsWithThisExpression(ColumnDef source, TargetColumn target, ZeroDate zd, String expected) {
        assertThat(Conversions.expression(source, target, "v", zd)).contains(expected);
    }

    static Stream<Arguments> impossible() {
        return Stream.of(
                Arguments.of(col("a", MysqlType.BLOB), target("a", "int4", "integer")),
                Arguments.of(col("a", MysqlType.VARBINARY), target("a", "date", "date")),
                Arguments.of(col("a", MysqlType.INT), target("a", "bytea", "bytea")),
                Arguments.of(col("a", MysqlType.INT), target("a", "date", "date")),
                Arguments.of(col("a", MysqlType.DECIMAL), target("a", "timestamptz", "timestamp with time zone")),
                Arguments.of(col("a", MysqlType.DATE), target("a", "int4", "integer")),
                Arguments.of(col("a", MysqlType.DATETIME), target("a", "bytea", "bytea")),
                Arguments.of(col("a", MysqlType.TIME), target("a", "int8", "bigint")),
                Arguments.of(col("a", MysqlType.BIT), target("a", "date", "date")));
    }

    @ParameterizedTest(name = "{0} to {1} is rejected")
    @MethodSource("impossible")
    void rejectsPairsThatCanNeverConvert(ColumnDef source, TargetColumn target) {
        assertThat(Conversions.expression(source, target, "v", ZeroDate.NULL)).isEqualTo(Optional.empty());
    }

    static Stream<Arguments> copiedAsIs() {
        return Stream.of(
                Arguments.of(col("a", MysqlType.INT), target("a", "int4", "integer"), true),
                Arguments.of(col("a", MysqlType.VARCHAR), target("a", "varchar", "character varying(5)"), true),
                Arguments.of(col("a", MysqlType.DECIMAL), target("a", "numeric", "numeric(10,2)"), true),
                Arguments.of(col("a", MysqlType.JSON), target("a", "jsonb", "jsonb"), true),
                Arguments.of(col("a", MysqlType.VARBINARY), target("a", "bytea", "bytea"), true),
                Arguments.of(col("a", MysqlType.TIME), target("a", "interval", "interval"), true),
                // only zero dates differ, and the date/timestamp input functions reject them
                Arguments.of(col("a", MysqlType.DATE), target("a", "date", "date"), true),
                Arguments.of(col("a", MysqlType.DATETIME), target("a", "timestamp", "timestamp(6) without time zone"),
                        true),
                // converted in SQL: not the staged text as it is
                Arguments.of(col("a", MysqlType.DATETIME), target("a", "timestamptz", "timestamp with time zone"),
                        false),
                Arguments.of(col("a", MysqlType.TIMESTAMP), target("a", "timestamptz", "timestamp with time zone"),
                        false),
                Arguments.of(col("a", MysqlType.TINYINT, 1, 0, 0, false), target("a", "bool", "boolean"), false),
                Arguments.of(col("a", MysqlType.TEXT), target("a", "bytea", "bytea"), false),
                Arguments.of(col("a", MysqlType.BINARY), target("a", "uuid", "uuid"), false),
                Arguments.of(col("a", MysqlType.BIT, 8, 0, 0, false), target("a", "int4", "integer"), false));
    }

    @ParameterizedTest
    @MethodSource("copiedAsIs")
    void aColumnIsCopiedStraightIntoTheTargetOnlyWhenItsConversionIsThePlainInput(ColumnDef source,
            TargetColumn target, boolean asIs) {
        assertThat(Conversions.copiesAsIs(source, target)).isEqualTo(asIs);
    }
}
