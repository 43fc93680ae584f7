package io.mysql2gp.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailuresTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("connection failure (08006) is retriable", sql("08006"), true),
                Arguments.of("unable to connect (08001) is retriable", sql("08001"), true),
                Arguments.of("MySQL communications link failure (08S01) is retriable", sql("08S01"), true),
                Arguments.of("admin shutdown (57P01) is retriable", sql("57P01"), true),
                Arguments.of("crash shutdown (57P02) is retriable", sql("57P02"), true),
                Arguments.of("server starting up (57P03) is retriable", sql("57P03"), true),
                Arguments.of("too many connections (53300) is retriable", sql("53300"), true),
                Arguments.of("serialization failure (40001) is retriable", sql("40001"), true),
                Arguments.of("deadlock (40P01) is retriable", sql("40P01"), true),
                Arguments.of("unique violation (23505) is fatal", sql("23505"), false),
                Arguments.of("undefined table (42P01) is fatal", sql("42P01"), false),
                Arguments.of("query canceled (57014) is fatal", sql("57014"), false),
                Arguments.of("SQLException without state is fatal", new SQLException("x"), false),
                Arguments.of("a message that mentions a connection is still fatal",
                        new SQLException("connection refused, server closed the connection", "22P02"), false),
                Arguments.of("refused TCP connect is retriable", new ConnectException("refused"), true),
                Arguments.of("socket reset is retriable", new SocketException("reset"), true),
                Arguments.of("socket timeout is retriable", new SocketTimeoutException("t"), true),
                Arguments.of("unexpected end of stream is retriable", new EOFException(), true),
                Arguments.of("closed channel is retriable", new ClosedChannelException(), true),
                Arguments.of("pool timeout is retriable", new SQLTransientConnectionException("pool"), true),
                Arguments.of("our own retriable exception is retriable", new RetriableException("x"), true),
                Arguments.of("generic IOException is fatal", new IOException("disk"), false),
                Arguments.of("IllegalStateException is fatal", new IllegalStateException("bug"), false),
                Arguments.of("a wrapped socket error deep in the chain is retriable",
                        new RuntimeException(new UncheckedIOException(new IOException(new EOFException()))), true),
                Arguments.of("a SQLException caused by a socket error is retriable",
                        new SQLException("I/O error", "XX000", new SocketException("broken pipe")), true),
                Arguments.of("a batch failure whose next exception is a connection failure is retriable",
                        batch(sql("08006")), true),
                Arguments.of("a batch failure whose next exception is a constraint violation is fatal",
                        batch(sql("23505")), false),
                Arguments.of("null is not retriable", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, Throwable failure, boolean retriable) {
        assertThat(Failures.isRetriable(failure)).isEqualTo(retriable);
    }

    @org.junit.jupiter.api.Test
    void aCyclicCauseChainTerminates() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(Failures.isRetriable(a)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void describeNamesTypeStateMessageAndRootCause() {
        SQLException e = new SQLException("I/O error", "08006", new ConnectException("Connection refused"));
        assertThat(Failures.describe(e))
                .isEqualTo("SQLException [08006]: I/O error (caused by ConnectException: Connection refused)");
        assertThat(Failures.describe(new EOFException())).isEqualTo("EOFException");
    }

    @org.junit.jupiter.api.Test
    void forUserIsTheMessageAndStateWithoutClassNames() {
        SQLException e = new SQLException("127.0.0.1:5/stg ([local.pgsql] connect_string): refused", "08001",
                new ConnectException("Connection refused"));
        assertThat(Failures.forUser(e)).isEqualTo("127.0.0.1:5/stg ([local.pgsql] connect_string): refused"
                + " (SQLSTATE 08001)");
        assertThat(Failures.forUser(new EOFException("stream ended"))).isEqualTo("stream ended");
        assertThat(Failures.forUser(new IllegalStateException("bug"))).isEqualTo("IllegalStateException: bug");
    }

    private static SQLException sql(String state) {
        return new SQLException("failed", state);
    }

    private static BatchUpdateException batch(SQLException next) {
        BatchUpdateException b = new BatchUpdateException("batch entry 0 failed", "XX000", new int[0]);
        b.setNextException(next);
        return b;
    }
}
