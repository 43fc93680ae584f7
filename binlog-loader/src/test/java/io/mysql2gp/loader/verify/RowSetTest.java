package io.mysql2gp.loader.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.loader.verify.RowSet.Row;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row comparison: canonical columns by text once the hashes differ, floats and jsonb by value always. */
class RowSetTest {
    static final VerifyColumn ID = VerifySqlTest.col("id", MysqlType.INT, 0, 0, "int4", "integer");
    static final VerifyColumn V = VerifySqlTest.col("v", MysqlType.VARCHAR, 10, 0, "varchar", "character varying");
    static final VerifyColumn D = VerifySqlTest.col("d", MysqlType.DOUBLE, 0, 0, "float8", "double precision");
    static final VerifyColumn J = VerifySqlTest.col("j", MysqlType.JSON, 0, 0, "jsonb", "jsonb");
    static final TablePlan T = new TablePlan(new TableId("s", "t"), "public", "t", List.of(ID, V, D, J), List.of(ID));

    static Row row(String hash, String v, String d, String j) {
        return new Row(List.of("1"), hash, Arrays.asList("1", v, "x", "j"), Arrays.asList(d, j));
    }

    @Test
    void equalRowsHaveNoDifferences() {
        assertThat(RowSet.compare(T, row("h", "a", "0.1", "{\"a\": 1}"), row("h", "a", "0.1", "{\"a\":1}"))).isEmpty();
        assertThat(RowSet.key(T, row("h", "a", null, null))).containsExactly("1");
    }

    @Test
    void differingTextNamesTheColumnWithBothValues() {
        assertThat(RowSet.compare(T, row("h1", "a", null, null), row("h2", "b", null, null)))
                .containsExactly(new RowDiff.ColumnDiff("v", "a", "b"));
        assertThat(RowSet.compare(T, row("h1", "a", null, null), row("h2", null, null, null)))
                .containsExactly(new RowDiff.ColumnDiff("v", "a", null));
    }

    @Test
    void floatsCompareAsDoublesEvenWhenTheHashesAgree() {
        assertThat(RowSet.compare(T, row("h", "a", "-0", null), row("h", "a", "0", null))).isEmpty();
        assertThat(RowSet.compare(T, row("h", "a", "0.1", null), row("h", "a", "0.10000000000000002", null)))
                .containsExactly(new RowDiff.ColumnDiff("d", "0.1", "0.10000000000000002"));
        assertThat(RowSet.compare(T, row("h", "a", "1", null), row("h", "a", null, null))).hasSize(1);
        assertThat(RowSet.compare(T, row("h", "a", "2.0", null), row("h", "a", "3", null)))
                .containsExactly(new RowDiff.ColumnDiff("d", "2.0", "3.0"));
    }

    @Test
    void jsonbComparesParsedTrees() {
        assertThat(RowSet.compare(T, row("h", "a", null, "{\"b\": 1, \"a\": [1, 2]}"),
                row("h", "a", null, "{\"a\": [1, 2], \"b\": 1}"))).isEmpty();
        assertThat(RowSet.compare(T, row("h", "a", null, "[1, 2]"), row("h", "a", null, "[2, 1]"))).hasSize(1);
    }
}
