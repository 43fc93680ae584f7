package io.mysql2gp.loader.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What verify prints per table. */
class VerifyReportTest {
    static final VerifyColumn ID = VerifySqlTest.col("id", MysqlType.INT, 0, 0, "int4", "integer");
    static final VerifyColumn V = VerifySqlTest.col("v", MysqlType.VARCHAR, 10, 0, "varchar", "character varying");
    static final TablePlan T = new TablePlan(new TableId("shop", "t"), "public", "t", List.of(ID, V), List.of(ID));

    static String print(TableResult r, SyncProgress p, long[] counts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] c = VerifyReport.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), r, p);
        counts[0] = c[0];
        counts[1] = c[1];
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEqualTableIsOneLine() {
        long[] c = new long[2];
        String out = print(new TableResult(T, "shop.t", 3, 3, 1, List.of(), List.of(), 0, null), null, c);
        assertThat(out).isEqualTo("table shop.t -> \"public\".\"t\": 3 row(s) on the source, 3 on the target, 1 chunk(s): equal\n");
        assertThat(c).containsExactly(0, 0);
    }

    @Test
    void differingRowsAreListedUnderTheirRangesAndMarkedDifferentOrBehind() {
        List<RowDiff> rows = List.of(
                new RowDiff(List.of("5"), List.of("5"), RowDiff.Kind.CHANGED,
                        List.of(new RowDiff.ColumnDiff("v", "a\tb", null))),
                new RowDiff(List.of("9"), List.of("9"), RowDiff.Kind.MISSING_ON_TARGET, List.of()),
                new RowDiff(List.of("12"), List.of("12"), RowDiff.Kind.EXTRA_ON_TARGET, List.of()));
        TableResult r = new TableResult(T, "shop.t", 10, 10, 2,
                List.of(new TableResult.KeyRange(null, List.of("7")), new TableResult.KeyRange(List.of("7"), null)), rows, 0,
                null);
        SyncProgress p = new SyncProgress(3L, Map.of("t", Set.of("9")), Set.of(), false, "f:1", "f:1");
        long[] c = new long[2];
        String out = print(r, p, c);
        assertThat(Arrays.asList(out.split("\n"))).containsExactly(
                "table shop.t -> \"public\".\"t\": 10 row(s) on the source, 10 on the target, 2 chunk(s): DIFFERENT"
                        + " (2 row(s) different, 1 behind)",
                "  differing key ranges (after .. up to, in (id)): (-inf .. 7], (7 .. +inf)",
                "  key ('5'): different: values differ: column \"v\" source 'a\\tb', target NULL",
                "  key ('9'): behind: missing on the target [staged change(s) of this key wait after the loader's"
                        + " checkpoint (seq 3)]",
                "  key ('12'): different: extra on the target (not on the source)");
        assertThat(c).containsExactly(2, 1);
    }

    @Test
    void longValuesAreShortenedAndQuotesDoubled() {
        assertThat(VerifyReport.value("it's")).isEqualTo("'it''s'");
        assertThat(VerifyReport.value("x".repeat(300))).isEqualTo("'" + "x".repeat(200) + "...' (300 chars)");
    }
}
