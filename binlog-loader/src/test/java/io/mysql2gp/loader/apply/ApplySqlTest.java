package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import static io.mysql2gp.loader.apply.Fixtures.col;
import static io.mysql2gp.loader.apply.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplySqlTest {
    private static final Dialect PG = Dialect.of("PostgreSQL 15.8", null);
    private static final Dialect GP_ON_PG = Dialect.of("PostgreSQL 15.8", Dialect.Kind.GREENPLUM);
    private static final Dialect GP = Dialect.of("PostgreSQL 9.4.26 (Greenplum Database 6.25.3)", null);

    private static final TableSchema STAGED = new TableSchema(new TableId("shop", "Orders"),
            List.of(col("Region", MysqlType.VARCHAR), col("id", MysqlType.INT), col("note", MysqlType.TEXT)),
            List.of(0, 1));
    private static final TargetTable TARGET = new TargetTable("public", "orders",
            List.of(target("id", "int4", "integer"), target("region", "text", "text"),
                    target("note", "varchar", "character varying(20)"), target("extra", "text", "text")),
            List.of("id"));
    private static final ColumnMapping MAPPING = ColumnMapping.of(STAGED, TARGET);

    @Test
    void tempTableIsAllTextWithOrdinalAndDroppedAtCommit() {
        String expected = "CREATE TEMP TABLE \"mysql2gp_keys_1\" (\"c0\" text, \"c1\" text, \"n\" bigint) ON COMMIT DROP";
        assertThat(ApplySql.createTemp(PG, "mysql2gp_keys_1", 2, List.of(1))).isEqualTo(expected);
        assertThat(ApplySql.createTemp(GP_ON_PG, "mysql2gp_keys_1", 2, List.of(1))).isEqualTo(expected);
    }

    @Test
    void tempTableOnRealGreenplumIsDistributed() {
        assertThat(ApplySql.createTemp(GP, "t", 2, List.of(1))).isEqualTo(
                "CREATE TEMP TABLE \"t\" (\"c0\" text, \"c1\" text, \"n\" bigint) ON COMMIT DROP DISTRIBUTED BY (\"c1\")");
        assertThat(ApplySql.createTemp(GP, "t", 1, List.of())).endsWith("ON COMMIT DROP DISTRIBUTED RANDOMLY");
    }

    @Test
    void copyNamesEveryColumnAndTheOrdinal() {
        assertThat(ApplySql.copyIn("t", 2)).isEqualTo("COPY \"t\" (\"c0\", \"c1\", \"n\") FROM STDIN");
    }

    @Test
    void keysOfUpsertedRowsAreAddedAfterTheDeleteKeys() {
        assertThat(ApplySql.keysOfRows("k", "r", List.of(0, 1), 7)).isEqualTo(
                "INSERT INTO \"k\" SELECT r.\"c0\", r.\"c1\", r.\"n\" + 7 FROM \"r\" r");
    }

    @Test
    void deleteComparesEveryKeyColumnConverted() {
        assertThat(ApplySql.deleteByKeys(TARGET, "k", MAPPING, ZeroDate.NULL, false)).isEqualTo(
                "DELETE FROM \"public\".\"orders\" AS t USING \"k\" k WHERE t.\"region\" = (k.\"c0\")::pg_catalog.text"
                        + " AND t.\"id\" = (k.\"c1\")::pg_catalog.int4");
        assertThat(ApplySql.deleteByKeys(TARGET, "k", MAPPING, ZeroDate.NULL, true)).endsWith(" AND k.\"n\" <= ?");
    }

    @Test
    void insertNamesOnlyMappedColumnsMatchedIgnoringCase() {
        assertThat(ApplySql.insertRows(TARGET, "r", MAPPING, ZeroDate.NULL, false)).isEqualTo(
                "INSERT INTO \"public\".\"orders\" (\"region\", \"id\", \"note\") SELECT (r.\"c0\")::pg_catalog.text,"
                        + " (r.\"c1\")::pg_catalog.int4, (r.\"c2\")::pg_catalog.\"varchar\" FROM \"r\" r");
        assertThat(ApplySql.insertRows(TARGET, "r", MAPPING, ZeroDate.NULL, true)).endsWith(" FROM \"r\" r WHERE r.\"n\" <= ?");
    }

    @Test
    void truncationIsADelete() {
        assertThat(ApplySql.deleteAll(TARGET)).isEqualTo("DELETE FROM \"public\".\"orders\"");
    }

    @Test
    void temporaryTablesFollowTheTargetDistributionWhenItIsPartOfTheKey() {
        assertThat(TableApplier.distribution(TARGET, MAPPING)).containsExactly(1);
        TargetTable random = new TargetTable("public", "orders", TARGET.columns(), List.of());
        assertThat(TableApplier.distribution(random, MAPPING)).containsExactly(0, 1);
        TargetTable byNote = new TargetTable("public", "orders", TARGET.columns(), List.of("note"));
        assertThat(TableApplier.distribution(byNote, MAPPING)).containsExactly(0, 1);
    }

    @Test
    void checkpointTableIsDistributedOnlyOnRealGreenplum() {
        assertThat(Checkpoint.ddl(GP_ON_PG)[1]).doesNotContain("DISTRIBUTED");
        assertThat(Checkpoint.ddl(GP)[1]).endsWith(" DISTRIBUTED BY (staging_id)");
    }

    @Test
    void identifiersAreQuotedAndLiteralsEscaped() {
        assertThat(Sql.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    }
}
