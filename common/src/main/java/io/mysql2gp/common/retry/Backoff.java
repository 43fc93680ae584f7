package io.mysql2gp.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capped exponential backoff with a little jitter for one retrying activity: each failure doubles
 * the delay up to the cap and logs "attempt n failed: cause; next in t"; a success resets it.
 * Not thread-safe: one instance per retrying loop.
 */
public final class Backoff {
    private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);
    /** Jitter as a fraction of the delay: the delay is scaled by a factor in [1 - JITTER, 1 + JITTER]. */
    static final double JITTER = 0.1;

    private final String name;
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private final Sleeper sleeper;
    private int failures;

    /** How a backoff waits; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Backoff(String name, Duration initial, Duration max, DoubleSupplier random, Sleeper sleeper) {
        this.name = Objects.requireNonNull(name, "name");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
        this.sleeper = sleeper;
    }

    /** A backoff named {@code name} in its log lines, from {@code initial} doubling up to {@code max}. */
    public static Backoff of(String name, Duration initial, Duration max) {
        return new Backoff(name, initial, max, () -> ThreadLocalRandom.current().nextDouble(),
                d -> Thread.sleep(d.toMillis()));
    }

    /** The usual one: 1 s doubling to 60 s. */
    public static Backoff standard(String name) {
        return of(name, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** Records a failure, logs it with the coming delay, and returns that delay (without waiting). */
    public Duration failed(Throwable cause) {
        failures++;
        Duration delay = delay(failures);
        LOG.warn("{}: attempt {} failed: {}; next in {}", name, failures, Failures.describe(cause), format(delay));
        return delay;
    }

    /** Records a failure, logs it and sleeps for the delay. */
    public void failedAndWait(Throwable cause) throws InterruptedException {
        sleeper.sleep(failed(cause));
    }

    /** Records a success: the next failure starts again from the initial delay. */
    public void succeeded() {
        if (failures > 0) {
            LOG.info("{}: succeeded after {} failed attempt(s)", name, failures);
        }
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }

    /** The delay after the n-th consecutive failure (n >= 1), jittered, never above the cap. */
    Duration delay(int n) {
        double base = initial.toMillis() * Math.pow(2, Math.min(n - 1, 30));
        double capped = Math.min(base, max.toMillis());
        double jittered = capped * (1 - JITTER + 2 * JITTER * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(jittered, max.toMillis()))));
    }

    /** A short human form: 850ms, 1.9s, 60.0s. */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
