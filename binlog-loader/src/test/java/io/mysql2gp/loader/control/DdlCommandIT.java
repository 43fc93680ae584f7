package io.mysql2gp.loader.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.source.InformationSchema;
import io.mysql2gp.loader.apply.ColumnMapping;
import io.mysql2gp.loader.apply.Conversions;
import io.mysql2gp.loader.apply.TargetCatalog;
import io.mysql2gp.loader.apply.TargetColumn;
import io.mysql2gp.loader.apply.TargetTable;
import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * binlog_loader ddl against the shared private MariaDB: every source type and awkward names, the
 * printed script run on the shared private PostgreSQL, the target column types read back.
 */
class DdlCommandIT {
    static final String DB = "ddl_it";
    static final String SCHEMA = "ddl \"target\"";
    private static MysqlServer mysql;
    private static PgServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void sourceTables() {
        mysql = TestServers.mysql();
        pg = TestServers.postgres();
        mysql.execute(null, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
        mysql.execute(DB, "CREATE TABLE every_type ("
                + " id BIGINT UNSIGNED NOT NULL, k2 INT NOT NULL,"
                + " ti TINYINT, tiu TINYINT UNSIGNED, bo BOOL, si SMALLINT, siu SMALLINT UNSIGNED,"
                + " mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT,"
                + " de DECIMAL(65,30), de0 DECIMAL(10,0) UNSIGNED, fl FLOAT, fl53 FLOAT(53), dbl DOUBLE,"
                + " b1 BIT(1), b64 BIT(64), y YEAR, d DATE NOT NULL, dt DATETIME NOT NULL, dt6 DATETIME(6),"
                + " ts TIMESTAMP(3) NULL, tm TIME NOT NULL, tm6 TIME(6),"
                + " c0 CHAR(0), c CHAR(10) CHARACTER SET latin1, vc VARCHAR(300), tt TINYTEXT, tx TEXT,"
                + " mt MEDIUMTEXT, lt LONGTEXT, en ENUM('a','b''c'), st SET('x','y'), js JSON,"
                + " u UUID, i4 INET4, i6 INET6, bn BINARY(16), vb VARBINARY(20), tb TINYBLOB, bl BLOB,"
                + " mb MEDIUMBLOB, lb LONGBLOB, g GEOMETRY, pt POINT,"
                + " `select` INT NOT NULL, `a \"b` VARCHAR(5),"
                + " PRIMARY KEY (k2, id))",
                "CREATE TABLE `odd \"name\"` (`Key` VARCHAR(10) NOT NULL PRIMARY KEY, v TEXT)",
                "CREATE TABLE nokey (a INT, b TEXT)");
    }

    /** Column name to format_type() text, for every column the mapping must produce. */
    static Map<String, String> expectedTypes() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] pairs = {
            "id", "numeric(20,0)", "k2", "integer", "ti", "smallint", "tiu", "smallint", "bo", "smallint",
            "si", "smallint", "siu", "integer", "mi", "integer", "miu", "integer", "i", "integer", "iu", "bigint",
            "bi", "bigint", "de", "numeric(65,30)", "de0", "numeric(10,0)", "fl", "real", "fl53", "double precision",
            "dbl", "double precision", "b1", "bit(1)", "b64", "bit(64)", "y", "smallint", "d", "date",
            "dt", "timestamp(0) without time zone", "dt6", "timestamp(6) without time zone",
            "ts", "timestamp(3) with time zone", "tm", "interval(0)", "tm6", "interval(6)",
            "c0", "character varying(1)", "c", "character varying(10)", "vc", "character varying(300)",
            "tt", "text", "tx", "text", "mt", "text", "lt", "text", "en", "text", "st", "text", "js", "json",
            "u", "uuid", "i4", "bytea", "i6", "bytea", "bn", "bytea", "vb", "bytea", "tb", "bytea", "bl", "bytea",
            "mb", "bytea", "lb", "bytea", "g", "bytea", "pt", "bytea", "select", "integer", "a \"b",
            "character varying(5)"};
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private MyCnf cnf(List<String> tables) {
        return TestCnf.load(dir, TestCnf.source(mysql.host(), mysql.port(), mysql.rootUser(), mysql.rootPassword(), DB),
                SCHEMA, "", tables);
    }

    private static final List<String> LISTED = List.of("every_type", "`odd \"name\"`", "ghost", "nokey");

    @Test
    void printedPostgresqlScriptRunsAndCreatesTheRecommendedTypes() throws Exception {
        DdlCommandTest.Run r = DdlCommandTest.run(cnf(LISTED), "--flavor", "postgresql");

        assertThat(r.code()).isEqualTo(DdlCommand.EXIT_MISSING_TABLES);
        assertThat(r.err()).contains("table ddl_it.ghost is missing on source " + mysql.host() + ":" + mysql.port())
                .contains("1 of 4 tables missing on the source: ddl_it.ghost")
                .doesNotContain(mysql.rootPassword());
        assertThat(r.out()).contains("-- source: " + mysql.host() + ":" + mysql.port() + ", database ddl_it;")
                .contains("CREATE SCHEMA IF NOT EXISTS \"ddl \"\"target\"\"\";")
                .doesNotContain("ghost").doesNotContain("DISTRIBUTED");

        pg.createDatabase("ddl_it_pg");
        try (Connection c = pg.connect("ddl_it_pg"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"ddl \"\"target\"\"\" CASCADE");
            s.execute(r.out());
            assertThat(columnTypes(c, "every_type")).containsExactlyEntriesOf(expectedTypes());
            assertThat(notNull(c, "every_type")).containsExactly("id", "k2", "tm", "select"); // d, dt: zero dates
            assertThat(primaryKey(c, "every_type")).containsExactly("k2", "id");
            assertThat(columnTypes(c, "odd \"name\"")).containsExactly(Map.entry("Key", "character varying(10)"),
                    Map.entry("v", "text"));
            assertThat(primaryKey(c, "odd \"name\"")).containsExactly("Key");
            assertThat(primaryKey(c, "nokey")).isEmpty();
            loaderAcceptsTheTableAndItsTypesHoldTheExtremeValues(c);
            // run again: the schema statement is idempotent, an existing table is reported, not kept
            s.execute(r.out().substring(0, r.out().indexOf("\n-- source table")));
            String firstTable = r.out().substring(r.out().indexOf("CREATE TABLE"));
            assertThatThrownBy(() -> s.execute(firstTable.substring(0, firstTable.indexOf(";\n") + 1)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("already exists");
        }
    }

    @Test
    void greenplumScriptDistributesByThePrimaryKeyAndOtherwiseMatchesPostgresql() {
        DdlCommandTest.Run gp = DdlCommandTest.run(cnf(LISTED), "--flavor=greenplum");
        DdlCommandTest.Run plain = DdlCommandTest.run(cnf(LISTED), "--flavor=postgresql");

        assertThat(gp.code()).isEqualTo(DdlCommand.EXIT_MISSING_TABLES);
        assertThat(gp.out()).contains("    PRIMARY KEY (\"k2\", \"id\")\n) DISTRIBUTED BY (\"k2\", \"id\");\n")
                .contains("    PRIMARY KEY (\"Key\")\n) DISTRIBUTED BY (\"Key\");\n")
                .contains("    \"b\" text\n) DISTRIBUTED RANDOMLY;\n");
        assertThat(tables(gp.out().replaceAll(" DISTRIBUTED (BY \\([^)]*\\)|RANDOMLY);", ";")))
                .isEqualTo(tables(plain.out()));
    }

    @Test
    void tablesOptionPrintsOnlyThoseAndSucceeds() {
        DdlCommandTest.Run r = DdlCommandTest.run(cnf(LISTED), "--tables", "nokey");

        assertThat(r.code()).isEqualTo(DdlCommand.EXIT_OK);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("CREATE TABLE \"ddl \"\"target\"\"\".\"nokey\" (")
                .contains("-- WARNING: it has no primary key. binlog_loader needs one")
                .doesNotContain("every_type");
        assertThat(r.out().split("CREATE TABLE", -1)).hasSize(2);
    }

    @Test
    void onlyMissingTablesPrintsTheHeaderAndExitsOne() {
        DdlCommandTest.Run r = DdlCommandTest.run(cnf(List.of("ghost", "`gh\"ost 2`")));

        assertThat(r.code()).isEqualTo(DdlCommand.EXIT_MISSING_TABLES);
        assertThat(r.out()).doesNotContain("CREATE TABLE");
        assertThat(r.err()).contains("table ddl_it.ghost is missing").contains("table ddl_it.gh\"ost 2 is missing")
                .contains("2 of 2 tables missing on the source: ddl_it.ghost, ddl_it.gh\"ost 2");
    }

    /**
     * The loader's own column mapping accepts the created table, and every column takes the most
     * extreme staged value of its source type (docs/STAGING.md text) through the loader's conversions
     * and gives it back unchanged.
     */
    private static void loaderAcceptsTheTableAndItsTypesHoldTheExtremeValues(Connection c) throws Exception {
        TableSchema source;
        try (Connection my = mysql.connect(DB)) {
            source = InformationSchema.loadTable(my, DB, "every_type");
        }
        TargetTable target = TargetCatalog.load(c, SCHEMA, "every_type");
        ColumnMapping.of(source, target); // throws naming the column if the loader could not convert
        String emoji = "\uD83D\uDE00";
        String[][] cases = {
            {"id", "18446744073709551615"}, {"k2", "-2147483648"}, {"ti", "-128"}, {"tiu", "255"}, {"bo", "1"},
            {"si", "-32768"}, {"siu", "65535"}, {"mi", "-8388608"}, {"miu", "16777215"}, {"i", "2147483647"},
            {"iu", "4294967295"}, {"bi", "-9223372036854775808"},
            {"de", "-99999999999999999999999999999999999.999999999999999999999999999999"},
            {"de0", "9999999999"}, {"fl", "3.4028235E38", "3.4028235e+38"}, {"fl53", "4.9E-324", "5e-324"},
            {"dbl", "1.7976931348623157E308", "1.7976931348623157e+308"}, {"b1", "1"},
            {"b64", "1000000000000000000000000000000000000000000000000000000000000001"}, {"y", "2155"},
            {"d", "0001-01-01"}, {"dt", "9999-12-31 23:59:59"}, {"dt6", "1000-01-01 00:00:00.000001"},
            {"ts", "2038-01-19 03:14:07.999+00"}, {"tm", "-838:59:59"}, {"tm6", "838:59:58.999999"},
            {"c0", ""}, {"c", "ab"}, {"vc", emoji.repeat(300)}, {"tt", "a\tb"}, {"tx", "\\N"},
            {"mt", "caf\u00e9"}, {"lt", "x".repeat(100_000)}, {"en", "b'c"}, {"st", "x,y"},
            {"js", "{\"b\": 1, \"a\": [1.0E2, \"\\u0000\"], \"a\": 2}"},
            {"u", "\\x123456789abc4def8123456789abcdef", "12345678-9abc-4def-8123-456789abcdef"},
            {"i4", "\\x01020304"}, {"i6", "\\x00000000000000000000000000000001"},
            {"bn", "\\x00ff0000000000000000000000000000"}, {"vb", "\\x"}, {"tb", "\\x00"}, {"bl", "\\x5c"},
            {"mb", "\\xff"}, {"lb", "\\x0001"},
            {"g", "\\x00000000010100000000000000000000f03f000000000000f03f"},
            {"pt", "\\x000000000101000000000000000000f03f000000000000f03f00"}, {"select", "1"}, {"a \"b", "abcde"}};
        List<String> names = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (String[] k : cases) {
            int i = source.indexOf(k[0]);
            TargetColumn col = target.match(k[0]).orElseThrow();
            names.add(TableId.quote(k[0]));
            exprs.add(Conversions.expression(source.columns().get(i), col, "'" + k[1].replace("'", "''") + "'::text",
                    ZeroDate.NULL).orElseThrow());
        }
        assertThat(names).hasSize(source.columns().size());
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET extra_float_digits = 3");
            s.execute("INSERT INTO " + target.sqlName() + " (" + String.join(", ", names) + ") SELECT "
                    + String.join(", ", exprs));
            try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", names.stream().map(n -> n + "::text")
                    .toList()) + " FROM " + target.sqlName())) {
                assertThat(rs.next()).isTrue();
                for (int i = 0; i < cases.length; i++) {
                    String expected = cases[i].length > 2 ? cases[i][2] : cases[i][1];
                    assertThat(rs.getString(i + 1)).as(cases[i][0]).isEqualTo(expected);
                }
            }
        }
    }

    /** The script from the first CREATE TABLE on (the header holds the generation time and flavour). */
    private static String tables(String script) {
        return script.substring(script.indexOf("\n-- source table"));
    }

    private static Map<String, String> columnTypes(Connection c, String table) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, character_maximum_length,"
                + " numeric_precision, numeric_scale, datetime_precision, interval_precision"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), typeText(rs));
                }
            }
        }
        return types;
    }

    /** information_schema's description back into the spelling format_type() uses. */
    private static String typeText(ResultSet rs) throws Exception {
        String type = rs.getString(2);
        return switch (type) {
            case "character varying", "bit" -> type + "(" + rs.getInt(3) + ")";
            case "numeric" -> "numeric(" + rs.getInt(4) + "," + rs.getInt(5) + ")";
            case "timestamp without time zone" -> "timestamp(" + rs.getInt(6) + ") without time zone";
            case "timestamp with time zone" -> "timestamp(" + rs.getInt(6) + ") with time zone";
            case "interval" -> "interval(" + rs.getInt(6) + ")";
            default -> type;
        };
    }

    private static List<String> notNull(Connection c, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND is_nullable = 'NO' ORDER BY ordinal_position")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> primaryKey(Connection c, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema"
                + " AND k.constraint_name = t.constraint_name"
                + " WHERE t.table_schema = ? AND t.table_name = ? AND t.constraint_type = 'PRIMARY KEY'"
                + " ORDER BY k.ordinal_position")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
