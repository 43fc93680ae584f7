package io.mysql2gp.loader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.loader.poll.StagedChange;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChunkPrefetcherTest {
    private static List<StagedChange> chunk(long seq) {
        return List.of(new StagedChange(seq, 1, true, 1, "t", Op.INSERT, null, "k" + seq, "r" + seq, 0));
    }

    @Test
    void handsOverTheChunksInOrderThenEmptyForGood() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (ChunkPrefetcher<StagedChange> p = new ChunkPrefetcher<>(out -> {
            reads.incrementAndGet();
            out.hand(chunk(1));
            out.hand(chunk(2));
            out.hand(List.of()); // nothing to hand: skipped
            out.hand(chunk(3));
        })) {
            assertThat(p.next()).isEqualTo(chunk(1));
            assertThat(p.next()).isEqualTo(chunk(2));
            assertThat(p.next()).isEqualTo(chunk(3));
            assertThat(p.next()).isEmpty();
            assertThat(p.next()).isEmpty();
        }
        assertThat(reads).hasValue(1); // the batch is read once
    }

    @Test
    void aReadFailureReachesTheCallerAfterTheChunksBeforeIt() throws Exception {
        try (ChunkPrefetcher<StagedChange> p = new ChunkPrefetcher<>(out -> {
            out.hand(chunk(1));
            throw new SQLException("staging gone", "08006");
        })) {
            assertThat(p.next()).isEqualTo(chunk(1));
            assertThatThrownBy(p::next).isInstanceOf(SQLException.class).hasMessage("staging gone");
            assertThat(p.next()).isEmpty();
        }
    }

    @Test
    @Timeout(10)
    void closingStopsAReaderWaitingToHandOver() {
        AtomicInteger reads = new AtomicInteger();
        ChunkPrefetcher<StagedChange> p = new ChunkPrefetcher<>(out -> {
            while (true) {
                out.hand(chunk(reads.incrementAndGet())); // throws once closed
            }
        });
        p.close(); // returns although nobody takes the chunks read ahead
        int read = reads.get();
        // the queue holds AHEAD chunks, one more waits to be handed over (fewer if close came first)
        assertThat(read).isBetween(1, ChunkPrefetcher.AHEAD + 1);
        assertThat(reads).as("nothing is read once closed").hasValue(read);
    }
}
