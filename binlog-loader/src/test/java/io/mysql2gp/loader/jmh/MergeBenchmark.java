package io.mysql2gp.loader.jmh;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.loader.merge.MergedPart;
import io.mysql2gp.loader.merge.TableMerger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loader's merge engine, per staged change: a block of 4,096 changes read and merged into a
 * {@link TableMerger} (reset between invocations, as the loader reuses its mergers), then turned into
 * what the apply takes. Inserts of new keys (every change a new key: the merge state grows with each),
 * and updates of 100 hot keys (the state stays small; images are replaced in place). Rows are the
 * pipeline benchmark's (about 60 bytes). Run with {@code scripts/bench.sh --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {
    static final int CHANGES = ChangeBlock.MAX_CHANGES;

    private byte[] inserts;
    private byte[] updates;
    private final TableMerger merger = new TableMerger();
    private final ChangeBlock.Reader reader = new ChangeBlock.Reader();
    private long seq;

    @Setup
    public void setUp() {
        inserts = block(false);
        updates = block(true);
    }

    private static byte[] block(boolean hotUpdates) {
        ChangeBlock.Builder b = new ChangeBlock.Builder();
        for (int i = 1; i <= CHANGES; i++) {
            String key = Integer.toString(hotUpdates ? 1 + i % 100 : i);
            String row = key + "\t" + (i % 100_000) + "\trow-" + i + "-abcdefghijklmnop\t2024-01-02 03:04:05.123456\t"
                    + i / 100 + "." + (i % 100 < 10 ? "0" : "") + i % 100;
            b.add(hotUpdates ? Op.UPDATE : Op.INSERT, hotUpdates ? key : null, key, row);
        }
        return java.util.Arrays.copyOf(b.buffer(), b.size());
    }

    private MergedPart merge(byte[] block) throws ChangeBlock.MalformedBlockException {
        merger.reset();
        reader.reset(block, 0, block.length);
        while (reader.next()) {
            merger.add(++seq, 1, reader);
        }
        return merger.part();
    }

    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public MergedPart insertsOfNewKeys() throws ChangeBlock.MalformedBlockException {
        return merge(inserts);
    }

    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public MergedPart updatesOfHotKeys() throws ChangeBlock.MalformedBlockException {
        return merge(updates);
    }

    /** Reading the block alone: the framing, per change. */
    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public int readBlock() throws ChangeBlock.MalformedBlockException {
        int bytes = 0;
        reader.reset(inserts, 0, inserts.length);
        while (reader.next()) {
            bytes += reader.rowLength();
        }
        return bytes;
    }
}
