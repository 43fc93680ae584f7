package io.mysql2gp.loader.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SQL text verify sends to each side: per type the same canonical text, per chunk the same numbers. */
class VerifySqlTest {
    static VerifyColumn col(String name, MysqlType type, int length, int scale, String targetBase, String targetType) {
        return new VerifyColumn(new ColumnDef(name, type, false, length, 0, scale, null, List.of(), true), type.sqlName,
                name, targetBase, targetType);
    }

    static final VerifyColumn ID = col("id", MysqlType.BIGINT, 0, 0, "numeric", "numeric");
    static final VerifyColumn NAME = col("na`me\"", MysqlType.VARCHAR, 10, 0, "varchar", "character varying");
    static final TablePlan PLAN = new TablePlan(new TableId("shop", "t"), "Sales", "t", List.of(ID, NAME), List.of(ID));
    static final TablePlan COMPOSITE = new TablePlan(new TableId("shop", "t"), "public", "t", List.of(ID, NAME),
            List.of(NAME, ID));

    @ParameterizedTest(name = "{0} into {1}: MySQL {2}")
    @CsvSource(delimiter = '|', value = {
        "INT       | int4        | CAST(`c` AS CHAR)",
        "YEAR      | int2        | CAST(`c` + 0 AS CHAR)",
        "DECIMAL   | numeric     | CAST(`c` AS CHAR)",
        "VARCHAR   | varchar     | CONVERT(`c` USING utf8mb4)",
        "ENUM      | text        | CONVERT(`c` USING utf8mb4)",
        "JSON      | json        | CONVERT(`c` USING utf8mb4)",
        "JSON      | jsonb       | IF(`c` IS NULL, NULL, 'j')",
        "BLOB      | bytea       | LOWER(HEX(`c`))",
        "BINARY    | uuid        | LOWER(REPLACE(CAST(`c` AS CHAR), '-', ''))",
        "BIT       | bit         | LPAD(BIN(`c`), 13, '0')",
        "BIT       | bool        | IF(`c` = 0, '0', '1')",
        "TIME      | interval    | CAST(IF(LEFT(CAST(`c` AS CHAR), 1) = '-', -1, 1) * ((HOUR(`c`) * 3600 + MINUTE(`c`) * 60 + SECOND(`c`)) * 1000000 + MICROSECOND(`c`)) AS CHAR)",
    })
    void mysqlCanonicalTextPerType(MysqlType type, String targetBase, String expected) {
        assertThat(VerifySql.mysqlCanonical(col("c", type, 13, 0, targetBase, targetBase), ZeroDate.NULL))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} into {1}: PostgreSQL {2}")
    @CsvSource(delimiter = '|', value = {
        "INT       | int4        | \"c\"::text",
        "VARCHAR   | varchar     | \"c\"::text",
        "BLOB      | bytea       | pg_catalog.encode(\"c\", 'hex')",
        "BINARY    | uuid        | pg_catalog.replace(\"c\"::text, '-', '')",
        "BIT       | bit         | \"c\"::text",
        "BIT       | bool        | CASE WHEN \"c\" THEN '1' WHEN NOT \"c\" THEN '0' END",
        "DATE      | date        | CASE WHEN pg_catalog.isfinite(\"c\") THEN pg_catalog.to_char(\"c\", 'YYYY-MM-DD') ELSE \"c\"::text END",
        "DATETIME  | timestamp   | CASE WHEN pg_catalog.isfinite(\"c\") THEN pg_catalog.to_char(\"c\", 'YYYY-MM-DD HH24:MI:SS.US') ELSE \"c\"::text END",
        "TIMESTAMP | timestamptz | CASE WHEN pg_catalog.isfinite(\"c\") THEN pg_catalog.to_char(\"c\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') ELSE \"c\"::text END",
        "TIME      | interval    | (pg_catalog.round((pg_catalog.date_part('epoch', \"c\") * 1000000)::numeric))::int8::text",
        "JSON      | jsonb       | CASE WHEN \"c\" IS NULL THEN NULL ELSE 'j' END",
    })
    void postgresCanonicalTextPerType(MysqlType type, String targetBase, String expected) {
        assertThat(VerifySql.pgCanonical(col("c", type, 13, 0, targetBase, targetBase))).isEqualTo(expected);
    }

    @Test
    void zeroDatesFollowTheLoadersRuleOnTheMysqlSide() {
        VerifyColumn dt = col("c", MysqlType.DATETIME, 0, 6, "timestamp", "timestamp without time zone");
        String zero = "CASE WHEN `c` IS NULL THEN NULL WHEN LEFT(CAST(`c` AS CHAR), 4) = '0000' OR SUBSTRING(CAST(`c` AS CHAR),"
                + " 6, 2) = '00' OR SUBSTRING(CAST(`c` AS CHAR), 9, 2) = '00' THEN ";
        String value = " ELSE DATE_FORMAT(`c`, '%Y-%m-%d %H:%i:%s.%f') END";
        assertThat(VerifySql.mysqlCanonical(dt, ZeroDate.NULL)).isEqualTo(zero + "NULL" + value);
        assertThat(VerifySql.mysqlCanonical(dt, ZeroDate.NEGATIVE_INFINITY)).isEqualTo(zero + "'-infinity'" + value);
    }

    @Test
    void floatsAreRoundedToSignificantDigitsTheSameWayOnBothSides() {
        VerifyColumn f = col("f", MysqlType.FLOAT, 0, 0, "float4", "real");
        VerifyColumn d = col("d", MysqlType.DOUBLE, 0, 0, "float8", "double precision");
        assertThat(VerifySql.mysqlCanonical(f, ZeroDate.NULL)).isEqualTo("CASE WHEN `f` IS NULL THEN NULL WHEN `f` = 0"
                + " THEN '0' WHEN ABS(`f`) < 1e-300 THEN 'tiny' ELSE CONCAT(CAST(ROUND(`f` / POW(10, FLOOR(LOG10(ABS(`f`))))"
                + " * 1e8) AS SIGNED), 'e', CAST(FLOOR(LOG10(ABS(`f`))) AS SIGNED)) END");
        assertThat(VerifySql.pgCanonical(d)).isEqualTo("CASE WHEN \"d\" IS NULL THEN NULL WHEN \"d\" = 0 THEN '0' WHEN"
                + " pg_catalog.abs(\"d\"::pg_catalog.float8) < 1e-300 THEN 'tiny' ELSE (pg_catalog.round(\"d\"::pg_catalog.float8"
                + " / pg_catalog.power(10::pg_catalog.float8, pg_catalog.floor(pg_catalog.log(pg_catalog.abs(\"d\"::pg_catalog.float8))))"
                + " * 1e14::pg_catalog.float8))::pg_catalog.int8::text || 'e' || (pg_catalog.floor(pg_catalog.log("
                + "pg_catalog.abs(\"d\"::pg_catalog.float8))))::pg_catalog.int8::text END");
    }

    @Test
    void rowHashLengthPrefixesEveryValueAndMarksNull() {
        assertThat(VerifySql.mysqlRowHash(List.of(ID, NAME), ZeroDate.NULL)).isEqualTo("MD5(CONVERT(CONCAT_WS(',',"
                + " IFNULL(CONCAT(CHAR_LENGTH(CAST(`id` AS CHAR)), ':', CAST(`id` AS CHAR)), 'N'),"
                + " IFNULL(CONCAT(CHAR_LENGTH(CONVERT(`na``me\"` USING utf8mb4)), ':', CONVERT(`na``me\"` USING utf8mb4)), 'N'))"
                + " USING utf8mb4))");
        assertThat(VerifySql.pgRowHash(List.of(ID, NAME))).isEqualTo("pg_catalog.md5("
                + "COALESCE(pg_catalog.char_length(\"id\"::text)::text || ':' || \"id\"::text, 'N') || ',' || "
                + "COALESCE(pg_catalog.char_length(\"na`me\"\"\"::text)::text || ':' || \"na`me\"\"\"::text, 'N'))");
    }

    @Test
    void chunkChecksumsSumTwoSixtyBitSlicesOfTheRowHashesOverAKeyRange() {
        assertThat(VerifySql.mysqlChecksum(PLAN, ZeroDate.NULL, true, true))
                .startsWith("SELECT COUNT(*), IFNULL(SUM(CAST(CONV(SUBSTRING(h, 1, 15), 16, 10) AS UNSIGNED)), 0),"
                        + " IFNULL(SUM(CAST(CONV(SUBSTRING(h, 16, 15), 16, 10) AS UNSIGNED)), 0) FROM (SELECT MD5(")
                .endsWith(" AS h FROM `shop`.`t` WHERE `id` > CAST(? AS DECIMAL(65,0)) AND `id` <= CAST(? AS DECIMAL(65,0))) x");
        assertThat(VerifySql.pgChecksum(PLAN, false, true))
                .startsWith("SELECT pg_catalog.count(*), COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 1, 15))::bit(60)::int8), 0),"
                        + " COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 16, 15))::bit(60)::int8), 0) FROM (SELECT pg_catalog.md5(")
                .endsWith(" AS h FROM \"Sales\".\"t\" WHERE \"id\" <= CAST(? AS pg_catalog.\"numeric\")) x");
        assertThat(VerifySql.pgChecksum(PLAN, false, false)).endsWith(" WHERE TRUE) x");
    }

    @Test
    void compositeKeysCompareAsRowsWithTheLeadingColumnBoundedForMysqlsIndexes() {
        assertThat(VerifySql.pgRange(COMPOSITE, true, true)).isEqualTo("\"na`me\"\"\" >= CAST(? AS pg_catalog.text) AND"
                + " (\"na`me\"\"\", \"id\") > (CAST(? AS pg_catalog.text), CAST(? AS pg_catalog.\"numeric\")) AND"
                + " \"na`me\"\"\" <= CAST(? AS pg_catalog.text) AND"
                + " (\"na`me\"\"\", \"id\") <= (CAST(? AS pg_catalog.text), CAST(? AS pg_catalog.\"numeric\"))");
        assertThat(VerifySql.boundValues(List.of("a", "1"))).containsExactly("a", "a", "1");
        assertThat(VerifySql.boundValues(List.of("7"))).containsExactly("7");
        assertThat(VerifySql.mysqlNextBoundary(COMPOSITE, true)).isEqualTo("SELECT CONVERT(`na``me\"` USING utf8mb4),"
                + " CAST(`id` + 0 AS CHAR) FROM `shop`.`t` WHERE `na``me\"` >= ? AND (`na``me\"`, `id`) > (?, CAST(? AS DECIMAL(65,0)))"
                + " ORDER BY `na``me\"`, `id` LIMIT 1 OFFSET ?");
        assertThat(VerifySql.mysqlNextBoundary(COMPOSITE, false)).contains(" WHERE TRUE ORDER BY ");
        assertThat(VerifySql.mysqlKeyEquals(COMPOSITE)).isEqualTo("`na``me\"` = ? AND `id` = CAST(? AS DECIMAL(65,0))");
    }

    @Test
    void binaryAndTimestampKeysBindAsHexAndUtcText() {
        VerifyColumn bin = col("k", MysqlType.VARBINARY, 16, 0, "bytea", "bytea");
        VerifyColumn ts = col("t", MysqlType.TIMESTAMP, 0, 3, "timestamptz", "timestamp with time zone");
        assertThat(VerifySql.mysqlParam(bin)).isEqualTo("UNHEX(?)");
        assertThat(VerifySql.pgParam(bin)).isEqualTo("pg_catalog.decode(?, 'hex')");
        assertThat(VerifySql.pgParam(ts)).isEqualTo("CAST(? || '+00' AS pg_catalog.timestamptz)");
        assertThat(VerifySql.pgKeyLiteral(ts)).isEqualTo("pg_catalog.to_char(\"t\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
    }
}
