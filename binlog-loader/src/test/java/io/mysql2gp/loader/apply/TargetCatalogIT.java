package io.mysql2gp.loader.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TargetCatalog}, {@link Dialect#detect} and {@link Checkpoint} against a real PostgreSQL. */
class TargetCatalogIT {
    private static ThrowawayPostgres pg;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        pg = ThrowawayPostgres.start();
        conn = pg.connect();
        TableApplier.execute(conn, "CREATE SCHEMA \"Sales\"");
        TableApplier.execute(conn, "CREATE DOMAIN short_code AS varchar(3)");
        TableApplier.execute(conn, "CREATE TABLE \"Sales\".\"Items\" (id bigint PRIMARY KEY, name varchar(20) NOT NULL,"
                + " price numeric(12,4), code short_code, flags bit(3), at timestamp(3) with time zone, dropme int)");
        TableApplier.execute(conn, "ALTER TABLE \"Sales\".\"Items\" DROP COLUMN dropme");
        conn.setAutoCommit(false);
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

    @Test
    void describesColumnsWithTypesNullabilityAndDomainBaseTypes() throws Exception {
        TargetTable t = TargetCatalog.load(conn, "Sales", "Items");
        assertThat(t.sqlName()).isEqualTo("\"Sales\".\"Items\"");
        assertThat(t.columns()).containsExactly(
                new TargetColumn("id", "bigint", "pg_catalog.int8", "int8", 'N', true),
                new TargetColumn("name", "character varying(20)", "pg_catalog.\"varchar\"", "varchar", 'S', true),
                new TargetColumn("price", "numeric(12,4)", "pg_catalog.\"numeric\"", "numeric", 'N', false),
                new TargetColumn("code", "short_code", "public.short_code", "varchar", 'S', false),
                new TargetColumn("flags", "bit(3)", "pg_catalog.\"bit\"", "bit", 'V', false),
                new TargetColumn("at", "timestamp(3) with time zone", "pg_catalog.timestamptz", "timestamptz", 'D',
                        false));
        assertThat(t.distributionKey()).isEmpty(); // plain PostgreSQL has no gp_distribution_policy
    }

    /**
     * Greenplum's catalog imitated in a database of its own: {@code gp_distribution_policy} with the
     * Greenplum 6 ({@code attrnums int2[]}) or Greenplum 7 ({@code distkey int2vector}) shape.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "gp6; attrnums int2[]; '{3,1}'; c,a",
        "gp6r; attrnums int2[]; NULL; -",
        "gp7; distkey int2vector, distclass oidvector; '3 1', ''; c,a",
        "gp7r; distkey int2vector, distclass oidvector; '', ''; -"})
    void readsGreenplumDistributionKeyInBothCatalogShapes(String db, String columns, String values, String expected)
            throws Exception {
        conn.setAutoCommit(true);
        TableApplier.execute(conn, "CREATE DATABASE " + db);
        conn.setAutoCommit(false);
        try (Connection gp = pg.connect(db)) {
            TableApplier.execute(gp, "SET allow_system_table_mods = on");
            TableApplier.execute(gp, "CREATE TABLE pg_catalog.gp_distribution_policy (localoid oid, policytype \"char\", "
                    + columns + ")");
            TableApplier.execute(gp, "CREATE TABLE t (a int, b text, c int)");
            TableApplier.execute(gp, "INSERT INTO pg_catalog.gp_distribution_policy VALUES ('t'::regclass, 'p', "
                    + values + ")");
            TargetTable t = TargetCatalog.load(gp, "public", "t");
            assertThat(t.distributionKey()).isEqualTo(expected.equals("-") ? List.of() : List.of(expected.split(",")));
        }
    }

    @Test
    void missingTableIsATargetProblemNamingIt() {
        assertThatThrownBy(() -> TargetCatalog.load(conn, "Sales", "Nope")).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("target table Sales.Nope does not exist");
    }

    @Test
    void aTableNameMatchesIgnoringCaseWhenNoTableHasItExactly() throws Exception {
        TableApplier.execute(conn, "CREATE TABLE \"Sales\".orders (id int PRIMARY KEY)");
        TableApplier.execute(conn, "CREATE TABLE \"Sales\".\"Lines\" (id int PRIMARY KEY)");
        TableApplier.execute(conn, "CREATE TABLE \"Sales\".lines (id int PRIMARY KEY, extra int)");
        conn.commit();
        // a source table Orders, its target created unquoted: orders
        assertThat(TargetCatalog.load(conn, "Sales", "Orders").sqlName()).isEqualTo("\"Sales\".\"orders\"");
        // an exact match wins over one ignoring case
        assertThat(TargetCatalog.load(conn, "Sales", "lines").columns()).hasSize(2);
        assertThat(TargetCatalog.load(conn, "Sales", "Lines").columns()).hasSize(1);
        assertThatThrownBy(() -> TargetCatalog.load(conn, "Sales", "LINES")).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("several tables of schema Sales match its name ignoring case");
    }

    @Test
    void missingSchemaIsATargetProblemNamingIt() {
        assertThatThrownBy(() -> TargetCatalog.load(conn, "nosuch", "Items")).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("target schema \"nosuch\" does not exist")
                .satisfies(e -> assertThat(((TargetProblem) e).table()).isEqualTo("nosuch.Items"));
    }

    @Test
    void postgresqlServerIsNotGreenplum() throws Exception {
        assertThat(Dialect.detect(conn, null)).isEqualTo(new Dialect(Dialect.Kind.POSTGRESQL, false));
    }

    @Test
    void checkpointIsCreatedInsertedUpdatedAndGuardedAgainstASecondLoader() throws Exception {
        Dialect d = Dialect.detect(conn, Dialect.Kind.GREENPLUM);
        Checkpoint.ensureTable(conn, d);
        Checkpoint.ensureTable(conn, d); // idempotent
        conn.commit();
        assertThat(Checkpoint.read(conn, "db1:5432/staging")).isEmpty();
        Checkpoint.State first = Checkpoint.write(conn, "db1:5432/staging", Optional.empty(), 10, 3, 25);
        conn.commit();
        assertThat(first.appliedSeq()).isEqualTo(10);
        Checkpoint.State second = Checkpoint.write(conn, "db1:5432/staging", Optional.of(first), 20, 5, 5);
        conn.rollback(); // not committed: the data it covered was not either
        assertThat(second.rowsApplied()).isEqualTo(30);
        assertThat(Checkpoint.read(conn, "db1:5432/staging")).get()
                .satisfies(s -> assertThat(s.appliedSeq()).isEqualTo(10)).satisfies(s -> assertThat(s.rowsApplied())
                        .isEqualTo(25));
        Checkpoint.State again = Checkpoint.write(conn, "db1:5432/staging", Optional.of(first), 20, 5, 5);
        conn.commit();
        assertThat(again).isEqualTo(Checkpoint.read(conn, "db1:5432/staging").orElseThrow());
        assertThat(again.appliedTxn()).isEqualTo(5);
        // a loader still believing the checkpoint is at 10 (another process) is refused
        assertThatThrownBy(() -> Checkpoint.write(conn, "db1:5432/staging", Optional.of(first), 30, 6, 1))
                .isInstanceOf(Checkpoint.CheckpointConflict.class).hasMessageContaining("is at seq 20, expected 10");
        assertThatThrownBy(() -> Checkpoint.write(conn, "db1:5432/staging", Optional.empty(), 30, 6, 1))
                .isInstanceOf(Checkpoint.CheckpointConflict.class);
        conn.rollback();
        assertThat(Checkpoint.read(conn, "other")).isEmpty();
    }
}
