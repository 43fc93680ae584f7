package io.mysql2gp.miner.jmh;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.miner.decode.RawDateTime;
import io.mysql2gp.miner.decode.RowEncoder;
import io.mysql2gp.miner.decode.ValueEncoder;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The miner's value encoding, per value and per row: binlog values as the deserializers hand them over
 * (raw bytes for text, {@link RawDateTime}, {@link BigDecimal}) to canonical COPY text (docs/STAGING.md),
 * and the staged row framed into a block. The row is the one of the pipeline benchmark's table
 * {@code t (id BIGINT PRIMARY KEY, a INT, b VARCHAR(40), c DATETIME(6), d DECIMAL(12,2))}.
 * Run with {@code scripts/bench.sh --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValueEncodingBenchmark {
    private static final ColumnDef ID = new ColumnDef("id", MysqlType.BIGINT, false, 0, 0, 0, null, List.of(), false);
    private static final ColumnDef A = new ColumnDef("a", MysqlType.INT, false, 0, 0, 0, null, List.of(), true);
    private static final ColumnDef B = new ColumnDef("b", MysqlType.VARCHAR, false, 40, 0, 0, "utf8mb4", List.of(), true);
    private static final ColumnDef C = new ColumnDef("c", MysqlType.DATETIME, false, 0, 0, 6, null, List.of(), true);
    private static final ColumnDef D = new ColumnDef("d", MysqlType.DECIMAL, false, 0, 12, 2, null, List.of(), true);
    private static final TableSchema T = new TableSchema(new TableId("bench", "t"), List.of(ID, A, B, C, D), List.of(0));
    private static final TableSchema ONE_VARCHAR = new TableSchema(T.id(), List.of(B), List.of(0));

    private ValueEncoder values;
    private RowEncoder rows;
    private ChangeBlock.Builder block;
    private Serializable[] row;
    private byte[] text;
    private Serializable[] escapeRow;
    private RawDateTime datetime;
    private BigDecimal decimal;
    private long n;

    @Setup
    public void setUp() {
        values = new ValueEncoder(new CharsetNames());
        rows = new RowEncoder(new CharsetNames());
        block = new ChangeBlock.Builder();
        text = "row-123456-abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
        escapeRow = new Serializable[] {"tab\there, a backslash \\ and é".getBytes(StandardCharsets.UTF_8)};
        datetime = new RawDateTime(2024, 1, 2, 3, 4, 5, 123456);
        decimal = new BigDecimal("1234.56");
        row = new Serializable[] {123456L, 23456, text, datetime, decimal};
    }

    @Benchmark
    public String bigint() {
        return values.encode(ID, ++n);
    }

    @Benchmark
    public String varchar() {
        return values.encode(B, text);
    }

    /** A VARCHAR value with a TAB and a backslash to escape, as a one-column row image line. */
    @Benchmark
    public String varcharWithEscapes() {
        return rows.imageLine(ONE_VARCHAR, escapeRow);
    }

    @Benchmark
    public String datetime6() {
        return values.encode(C, datetime);
    }

    @Benchmark
    public String decimal12_2() {
        return values.encode(D, decimal);
    }

    /** The row image line of t's row (five values, TAB-joined and escaped). */
    @Benchmark
    public String rowImage() {
        return rows.imageLine(T, row);
    }

    /** Row and key image of an insert, framed into a block as the stage thread does. */
    @Benchmark
    public int rowStagedInABlock() {
        if (block.full()) {
            block.reset();
        }
        block.add(Op.INSERT, null, rows.keyLine(T, row), rows.imageLine(T, row));
        return block.size();
    }
}
