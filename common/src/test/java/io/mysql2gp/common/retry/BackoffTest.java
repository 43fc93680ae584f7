package io.mysql2gp.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final List<Duration> slept = new ArrayList<>();

    private Backoff backoff(double random) {
        return new Backoff("test", Duration.ofSeconds(1), Duration.ofSeconds(60), () -> random, slept::add);
    }

    @Test
    void delaysDoubleFromOneSecondUpToTheCap() {
        Backoff b = backoff(0.5); // 0.5 = no jitter
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ms.add(b.failed(new ConnectException("refused")).toMillis());
        }
        assertThat(ms).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);
        assertThat(b.failures()).isEqualTo(9);
    }

    @Test
    void jitterStaysWithinTenPercentAndNeverExceedsTheCap() {
        assertThat(backoff(0.0).delay(1)).isEqualTo(Duration.ofMillis(900));
        assertThat(backoff(1.0).delay(1)).isEqualTo(Duration.ofMillis(1100));
        assertThat(backoff(1.0).delay(20)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff(0.0).delay(20)).isEqualTo(Duration.ofSeconds(54));
    }

    @Test
    void aSuccessResetsTheDelayToTheInitialOne() throws InterruptedException {
        Backoff b = backoff(0.5);
        b.failedAndWait(new ConnectException("a"));
        b.failedAndWait(new ConnectException("b"));
        b.succeeded();
        b.failedAndWait(new ConnectException("c"));
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(b.failures()).isEqualTo(1);
    }

    @Test
    void veryManyFailuresDoNotOverflow() {
        Backoff b = backoff(0.5);
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void formatsDelaysForHumans() {
        assertThat(Backoff.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Backoff.format(Duration.ofMillis(1900))).isEqualTo("1.9s");
        assertThat(Backoff.format(Duration.ofSeconds(60))).isEqualTo("60.0s");
    }

    @Test
    void rejectsAnInitialDelayAboveTheCap() {
        assertThatThrownBy(() -> Backoff.of("x", Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
