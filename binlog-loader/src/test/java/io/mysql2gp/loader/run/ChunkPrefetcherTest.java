package io.mysql2gp.loader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.loader.poll.StagedChange;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
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
        Deque<List<StagedChange>> source = new ArrayDeque<>(List.of(chunk(1), chunk(2), chunk(3), List.of()));
        AtomicInteger reads = new AtomicInteger();
        try (ChunkPrefetcher p = new ChunkPrefetcher(() -> {
            reads.incrementAndGet();
            return source.pop();
        })) {
            assertThat(p.next()).isEqualTo(chunk(1));
            assertThat(p.next()).isEqualTo(chunk(2));
            assertThat(p.next()).isEqualTo(chunk(3));
            assertThat(p.next()).isEmpty();
            assertThat(p.next()).isEmpty();
        }
        assertThat(reads).hasValue(4); // nothing read after the end of the batch
    }

    @Test
    void aReadFailureReachesTheCallerAfterTheChunksBeforeIt() throws Exception {
        Deque<Object> source = new ArrayDeque<>(List.of(chunk(1), new SQLException("staging gone", "08006")));
        try (ChunkPrefetcher p = new ChunkPrefetcher(() -> {
            Object o = source.pop();
            if (o instanceof SQLException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<StagedChange> c = (List<StagedChange>) o;
            return c;
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
        ChunkPrefetcher p = new ChunkPrefetcher(() -> chunk(reads.incrementAndGet()));
        p.close(); // returns although nobody takes the chunk read ahead
        assertThat(reads).hasValue(1);
    }
}
