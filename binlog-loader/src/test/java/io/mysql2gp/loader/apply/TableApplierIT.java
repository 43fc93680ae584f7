package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import static io.mysql2gp.loader.apply.Fixtures.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.text.CopyText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TableApplier} against a real PostgreSQL, in PostgreSQL and (forced) Greenplum mode. */
class TableApplierIT {
    private static final TableSchema ORDERS = new TableSchema(new TableId("shop", "Orders"), List.of(
            col("Region", MysqlType.VARCHAR), col("Id", MysqlType.INT), col("Email", MysqlType.VARCHAR),
            col("Amount", MysqlType.DECIMAL, 0, 10, 2, false), col("Created", MysqlType.DATETIME)), List.of(0, 1));
    private static final ApplyOptions OPTIONS = ApplyOptions.defaults();
    private static ThrowawayPostgres pg;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        pg = ThrowawayPostgres.start();
        conn = pg.connect();
        conn.setAutoCommit(false);
    }

    @AfterEach
    void rollback() throws SQLException {
        conn.rollback();
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh target table {@code orders_<kind>} (lower-case names, an extra column with a default). */
    private static TargetTable orders(Dialect.Kind kind, String emailType) throws SQLException {
        String name = "orders_" + kind.name().toLowerCase(Locale.ROOT);
        TableApplier.execute(conn, "DROP TABLE IF EXISTS public." + name);
        TableApplier.execute(conn, "CREATE TABLE public." + name + " (region text NOT NULL, id integer NOT NULL,"
                + " email " + emailType + " UNIQUE, amount numeric(10,2), created timestamp(0),"
                + " loaded_by text DEFAULT 'dflt', PRIMARY KEY (region, id))");
        conn.commit();
        return TargetCatalog.load(conn, "public", name);
    }

    private static Dialect dialect(Dialect.Kind kind) throws SQLException {
        return Dialect.detect(conn, kind);
    }

    private static String line(Object... values) {
        return CopyText.joinEscaped(Arrays.stream(values).map(v -> CopyText.escape(v == null ? null : v.toString()))
                .toList());
    }

    private static String row(String region, int id, String email, String amount) {
        return line(region, id, email, amount, "2020-01-01 10:00:00");
    }

    private static ApplyResult apply(Dialect.Kind kind, TargetTable t, boolean truncated, List<String> keys,
            List<String> rows) throws SQLException {
        return TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(truncated, keys, rows), OPTIONS);
    }

    private static List<String> contents(TargetTable t) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT region, id, email,"
                + " amount, created, loaded_by FROM " + t.sqlName() + " ORDER BY region, id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void insertsUpdatesAndDeletesByCompositeStringKey(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        ApplyResult first = apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1.50"),
                row("eu", 2, "b@x", "2.00"), row("us", 1, "c@x", null)));
        assertThat(first.insertedRows()).isEqualTo(3);
        assertThat(first.deletedRows()).isZero();
        ApplyResult second = apply(kind, t, false, List.of(line("eu", 2)), List.of(row("us", 1, "c@x", "9.99")));
        conn.commit();
        assertThat(second.deletedRows()).isEqualTo(2);
        assertThat(second.insertedRows()).isEqualTo(1);
        assertThat(contents(t)).containsExactly(
                "eu|1|a@x|1.50|2020-01-01 10:00:00|dflt",
                "us|1|c@x|9.99|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void keysAreDeletedThroughTheKeysIndexNotByReadingTheWholeFreshlyLoadedTable(Dialect.Kind kind) throws Exception {
        TargetTable t = orders(kind, "varchar(20)");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            rows.add(row("eu", i, "m" + i + "@x", "1"));
        }
        apply(kind, t, false, List.of(), rows); // never analyzed: the planner's estimates favour a hash join
        conn.commit();
        List<String> changed = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            changed.add(row("eu", i * 20, "n" + i + "@x", "2"));
        }
        // counted within one transaction: the server may add earlier transactions' counts not yet
        // flushed (the index builds of CREATE TABLE are sequential scans), but adds nothing in between
        long[] before = scans(t);
        assertThat(apply(kind, t, false, List.of(line("eu", 7)), changed).deletedRows()).isEqualTo(5_001);
        long[] after = scans(t);
        // with a real Greenplum server the planner is left alone; here the server is PostgreSQL either way
        assertThat(after[0] - before[0]).as("sequential scans of the target by the apply").isZero();
        assertThat(after[1] - before[1]).as("index scans of the target by the apply").isPositive();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SHOW enable_hashjoin")) {
            rs.next();
            assertThat(rs.getString(1)).as("the planner setting is back for the rest of the batch").isEqualTo("on");
        }
        assertThat(contents(t)).hasSize(99_999).contains("eu|20|n1@x|2.00|2020-01-01 10:00:00|dflt");
    }

    /** Sequential and index scans of {@code t} counted by the server for this session so far. */
    private static long[] scans(TargetTable t) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relid = '"
                        + t.sqlName() + "'::regclass")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void keyChangesSwapsAndUniqueMovesApplyAsDeleteThenInsert(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "2")));
        // rows 1 and 2 swap keys (the unique emails go with them)
        apply(kind, t, false, List.of(line("eu", 1), line("eu", 2)),
                List.of(row("eu", 1, "b@x", "2"), row("eu", 2, "a@x", "1")));
        assertThat(contents(t)).containsExactly("eu|1|b@x|2.00|2020-01-01 10:00:00|dflt",
                "eu|2|a@x|1.00|2020-01-01 10:00:00|dflt");
        // key change 1 -> 9
        apply(kind, t, false, List.of(line("eu", 1)), List.of(row("eu", 9, "b@x", "2")));
        // the unique email a@x moves from row 2 to row 9, b@x from 9 to 2
        apply(kind, t, false, List.of(), List.of(row("eu", 9, "a@x", "2"), row("eu", 2, "b@x", "1")));
        conn.commit();
        assertThat(contents(t)).containsExactly("eu|2|b@x|1.00|2020-01-01 10:00:00|dflt",
                "eu|9|a@x|2.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void truncationDeletesEveryRowBeforeTheNewOnes(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "2")));
        ApplyResult r = apply(kind, t, true, List.of(line("eu", 5)), List.of(row("eu", 2, "z@x", "7")));
        conn.commit();
        assertThat(r.deletedRows()).isEqualTo(2);
        assertThat(r.insertedRows()).isEqualTo(1);
        assertThat(contents(t)).containsExactly("eu|2|z@x|7.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void severalTablesAndSchemaVersionsInOneTransaction(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        TableSchema older = new TableSchema(ORDERS.id(), List.of(col("region", MysqlType.VARCHAR),
                col("ID", MysqlType.INT)), List.of(0, 1));
        TableApplier.apply(conn, dialect(kind), t, older,
                new ApplyInput(false, List.of(), List.of(line("eu", 1), line("eu", 2))), OPTIONS);
        apply(kind, t, false, List.of(line("eu", 1)), List.of(row("eu", 2, "b@x", "2")));
        conn.commit();
        assertThat(contents(t)).containsExactly("eu|2|b@x|2.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void missingTargetColumnIsATargetProblemNamingIt(Dialect.Kind kind) throws SQLException {
        String name = "narrow_" + kind.name().toLowerCase(Locale.ROOT);
        TableApplier.execute(conn, "CREATE TABLE " + name + " (region text, id int, amount numeric, created timestamp)");
        TargetTable t = TargetCatalog.load(conn, "public", name);
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"))))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("public." + name)
                .hasMessageContaining("\"Email\"")
                .satisfies(e -> assertThat(((TargetProblem) e).column()).isEqualTo("Email"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void tooLongValueNamesColumnAndKeyAndUndoesTheWholeTable(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(5)");
        apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "2")));
        conn.commit();
        // row 1 is updated (its old version deleted first), so the culprit search must not stop at row 1
        assertThatThrownBy(() -> apply(kind, t, false, List.of(line("eu", 2)), List.of(row("eu", 1, "new@x", "5"),
                row("eu", 7, "much-too-long@x", "1"), row("eu", 8, "c@x", "1"))))
                .isInstanceOf(TargetProblem.class)
                .hasMessageContaining("public.orders_").hasMessageContaining("column \"email\"")
                .hasMessageContaining("value too long").hasMessageContaining("Region='eu', Id='7'")
                .satisfies(e -> assertThat(((TargetProblem) e).column()).isEqualTo("email"));
        // the transaction is still usable and holds none of the failed call's changes
        apply(kind, t, false, List.of(), List.of(row("eu", 3, "ok@x", "3")));
        conn.commit();
        assertThat(contents(t)).containsExactly("eu|1|a@x|1.00|2020-01-01 10:00:00|dflt",
                "eu|2|b@x|2.00|2020-01-01 10:00:00|dflt", "eu|3|ok@x|3.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void notNullTargetColumnWithoutSourceNamesTheServersColumn(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        TableApplier.execute(conn, "ALTER TABLE " + t.sqlName() + " ADD COLUMN required int NOT NULL");
        TargetTable altered = TargetCatalog.load(conn, "public", t.table());
        assertThatThrownBy(() -> apply(kind, altered, false, List.of(), List.of(row("eu", 1, "a@x", "1"))))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("column \"required\"")
                .hasMessageContaining("Region='eu', Id='1'")
                .satisfies(e -> assertThat(((TargetProblem) e).column()).isEqualTo("required"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void numericOverflowNamesColumnAndKey(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"),
                row("us", 4, "b@x", "123456789012.00"))))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("column \"amount\"")
                .hasMessageContaining("numeric field overflow").hasMessageContaining("Region='us', Id='4'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void duplicateUniqueValueInBatchNamesTheSecondRow(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"),
                row("eu", 2, "b@x", "1"), row("eu", 3, "a@x", "1"))))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("duplicate key")
                .hasMessageContaining("Region='eu', Id='3'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void unconvertibleKeyInADeleteNamesKeyColumn(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        // (an empty target may never evaluate the conversion: there is nothing to compare with)
        apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "1")));
        assertThatThrownBy(() -> apply(kind, t, false, List.of(line("eu", 1), line("eu", "x1")), List.of()))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("column \"id\"")
                .hasMessageContaining("invalid input syntax").hasMessageContaining("Region='eu', Id='x1'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void malformedStagedLineIsReportedWithItsLineNumber(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"),
                line("eu", 2, "b@x"))))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("not valid COPY text")
                .hasMessageContaining("row line 2").hasMessageContaining("Region='eu', Id='2'")
                .hasMessageContaining("source column Created");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void edgeValuesTravelThroughCopyAndConversionUnchanged(Dialect.Kind kind) throws SQLException {
        String name = "edge_" + kind.name().toLowerCase(Locale.ROOT);
        TableApplier.execute(conn, "CREATE TABLE " + name + " (id numeric(20,0) PRIMARY KEY, bin bytea, txt text,"
                + " js jsonb, d date, ts timestamptz, tm interval, b boolean, e text)");
        TargetTable t = TargetCatalog.load(conn, "public", name);
        TableSchema staged = new TableSchema(new TableId("shop", "edge"), List.of(
                col("id", MysqlType.BIGINT, 0, 0, 0, true), col("bin", MysqlType.VARBINARY), col("txt", MysqlType.TEXT),
                col("js", MysqlType.JSON), col("d", MysqlType.DATE), col("ts", MysqlType.TIMESTAMP, 0, 0, 6, false),
                col("tm", MysqlType.TIME), col("b", MysqlType.BIT, 1, 0, 0, false), col("e", MysqlType.ENUM)),
                List.of(0));
        String text = "tab\there\nnl\\bs \uD83D\uDE00 \r";
        List<String> rows = List.of(
                line("18446744073709551615", "\\x005c00ff", text, "{\"k\": \"\\u00e9\"}", "0000-00-00",
                        "2038-01-19 03:14:07.999999+00", "-838:59:59", "1", ""),
                line("1", null, "\\N", null, "1582-10-04", null, null, "0", null));
        ApplyResult r = TableApplier.apply(conn, dialect(kind), t, staged, new ApplyInput(false, List.of(), rows),
                new ApplyOptions(ZeroDate.NEGATIVE_INFINITY));
        assertThat(r.insertedRows()).isEqualTo(2);
        TableApplier.execute(conn, "SET TimeZone = 'UTC'");
        List<String> got = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT id::text,"
                + " encode(bin, 'hex'), txt, js::text, d::text, ts::text, tm::text, b::text, e FROM " + name
                + " ORDER BY id")) {
            while (rs.next()) {
                List<String> f = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    f.add(rs.getString(i));
                }
                got.add(String.join("|", f.stream().map(String::valueOf).toList()));
            }
        }
        assertThat(got).containsExactly(
                "1|null|\\N|null|1582-10-04|null|null|false|null",
                "18446744073709551615|005c00ff|" + text + "|{\"k\": \"\u00e9\"}|-infinity|2038-01-19 03:14:07.999999+00"
                        + "|-838:59:59|true|");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void largeBatchCrossesCopyBuffersAndStillFindsTheOffendingRow(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            rows.add(row("eu", i, "m" + i + "@x", i == 13_337 ? "123456789012" : "1.25"));
        }
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), rows)).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("column \"amount\"").hasMessageContaining("Region='eu', Id='13337'");
        rows.set(13_336, row("eu", 13_337, "m13337@x", "7"));
        ApplyResult r = apply(kind, t, false, List.of(), rows);
        assertThat(r.insertedRows()).isEqualTo(20_000);
        ApplyResult again = apply(kind, t, false, List.of(), rows.subList(0, 10_000));
        assertThat(again.deletedRows()).isEqualTo(10_000);
        conn.commit();
        assertThat(contents(t)).hasSize(20_000).contains("eu|13337|m13337@x|7.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void twoRowsWithOneKeyAreRefusedBeforeTouchingTheTarget(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThatThrownBy(() -> apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"),
                row("eu", 1, "b@x", "2")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row line 2").hasMessageContaining("public." + t.table());
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void tableWithoutPrimaryKeyIsATargetProblem(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        TableSchema noPk = new TableSchema(ORDERS.id(), ORDERS.columns(), List.of());
        assertThatThrownBy(() -> TableApplier.apply(conn, dialect(kind), t, noPk,
                new ApplyInput(false, List.of(), List.of(row("eu", 1, "a@x", "1"))), OPTIONS))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("shop.Orders")
                .hasMessageContaining("no primary key");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void newKeysSkipTheDeleteButAKeyTheTargetAlreadyHoldsIsReplaced(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThat(t.enforcesUnique(List.of("region", "id"))).isTrue();
        apply(kind, t, false, List.of(), List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "2")));
        // all new: inserted without deleting
        ApplyResult fresh = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 3, "c@x", "3"), row("eu", 4, "d@x", "4")), 2), OPTIONS);
        assertThat(fresh.insertedRows()).isEqualTo(2);
        assertThat(fresh.deletedRows()).isZero();
        // eu/1 is said to be new but the target holds it (a replay over a dump): replaced, not refused;
        // eu/2 is deleted by key as usual; the unique email of eu/2 moves to the new eu/5
        ApplyResult replay = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false,
                List.of(line("eu", 2)), List.of(row("eu", 5, "b@x", "5"), row("eu", 1, "z@x", "9")), 2), OPTIONS);
        conn.commit();
        assertThat(replay.deletedRows()).isEqualTo(2);
        assertThat(replay.insertedRows()).isEqualTo(2);
        // only new keys and nothing else to delete, yet the target holds eu/3: the key table is made then
        ApplyResult onlyNew = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 3, "y@x", "33")), 1), OPTIONS);
        conn.commit();
        assertThat(onlyNew.deletedRows()).isEqualTo(1);
        assertThat(contents(t)).containsExactly("eu|1|z@x|9.00|2020-01-01 10:00:00|dflt",
                "eu|3|y@x|33.00|2020-01-01 10:00:00|dflt", "eu|4|d@x|4.00|2020-01-01 10:00:00|dflt",
                "eu|5|b@x|5.00|2020-01-01 10:00:00|dflt");
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void newKeysAreStillDeletedFirstWhenTheTargetDoesNotEnforceTheKey(Dialect.Kind kind) throws SQLException {
        String name = "nokey_" + kind.name().toLowerCase(Locale.ROOT);
        TableApplier.execute(conn, "DROP TABLE IF EXISTS public." + name);
        // a unique index the DELETE's equality does not match: not relied upon
        TableApplier.execute(conn, "CREATE TABLE public." + name + " (region text NOT NULL, id integer NOT NULL,"
                + " email text, amount numeric(10,2), created timestamp(0))");
        TableApplier.execute(conn, "CREATE UNIQUE INDEX ON public." + name + " (region, id) WHERE id > 100");
        TableApplier.execute(conn, "CREATE UNIQUE INDEX ON public." + name + " (region text_pattern_ops, id)");
        TargetTable t = TargetCatalog.load(conn, "public", name);
        assertThat(t.uniqueKeys()).isEmpty();
        TableApplier.execute(conn, "DROP INDEX public." + name + "_region_id_idx1");
        TableApplier.execute(conn, "INSERT INTO public." + name + " VALUES ('eu', 1, 'old', 1, NULL)");
        ApplyResult r = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 1, "new", "2")), 1), OPTIONS);
        assertThat(r.deletedRows()).isEqualTo(1);
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(email, ',')"
                + " FROM public." + name)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("new");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void aRejectedNewRowIsStillNamed(Dialect.Kind kind) throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        assertThatThrownBy(() -> TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "123456789012")), 2), OPTIONS))
                .isInstanceOf(TargetProblem.class).hasMessageContaining("column \"amount\"")
                .hasMessageContaining("Region='eu', Id='2'");
    }


    @ParameterizedTest
    @EnumSource(Dialect.Kind.class)
    void newKeysGoByCopyStraightIntoTheTargetAndAZeroDateFallsBackToTheConversion(Dialect.Kind kind)
            throws SQLException {
        TargetTable t = orders(kind, "varchar(20)");
        // a row trigger records the statement each row came with
        TableApplier.execute(conn, "CREATE TABLE IF NOT EXISTS public.arrivals (id integer, via text)");
        TableApplier.execute(conn, "TRUNCATE public.arrivals");
        TableApplier.execute(conn, "CREATE OR REPLACE FUNCTION public.note_arrival() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$ BEGIN INSERT INTO public.arrivals VALUES (NEW.id, split_part(current_query(), ' ', 1));"
                + " RETURN NEW; END $$");
        TableApplier.execute(conn, "CREATE TRIGGER arrival BEFORE INSERT ON " + t.sqlName()
                + " FOR EACH ROW EXECUTE PROCEDURE public.note_arrival()");
        assertThat(ColumnMapping.of(ORDERS, t).copiesAsIs()).isTrue();

        ApplyResult fresh = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 1, "a@x", "1"), row("eu", 2, "b@x", "2")), 2), OPTIONS);
        assertThat(fresh.insertedRows()).isEqualTo(2);
        // one updated row (deleted and inserted by way of the temp tables) and two new ones, one with a
        // zero date that the timestamp input rejects: all three again through the conversion
        ApplyResult mixed = TableApplier.apply(conn, dialect(kind), t, ORDERS, new ApplyInput(false, List.of(),
                List.of(row("eu", 1, "a2@x", "10"), row("eu", 3, "c@x", "3"),
                        line("eu", 4, "d@x", "4", "0000-00-00 00:00:00")), 2), OPTIONS);
        assertThat(mixed.insertedRows()).isEqualTo(3);
        assertThat(mixed.deletedRows()).isEqualTo(1);
        conn.commit();
        assertThat(contents(t)).containsExactly("eu|1|a2@x|10.00|2020-01-01 10:00:00|dflt",
                "eu|2|b@x|2.00|2020-01-01 10:00:00|dflt", "eu|3|c@x|3.00|2020-01-01 10:00:00|dflt",
                "eu|4|d@x|4.00|null|dflt");
        List<String> arrivals = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT id || ' ' || via"
                + " FROM public.arrivals ORDER BY id, via")) {
            while (rs.next()) {
                arrivals.add(rs.getString(1));
            }
        }
        // new keys came by COPY; the rolled-back COPY of eu/3 and eu/4 left no trace, they came again by INSERT
        assertThat(arrivals).containsExactly("1 COPY", "1 INSERT", "2 COPY", "3 INSERT", "4 INSERT");
    }
}
