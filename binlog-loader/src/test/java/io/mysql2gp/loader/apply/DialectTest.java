package io.mysql2gp.loader.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialectTest {
    private static final String PG = "PostgreSQL 15.8 on x86_64-pc-linux-gnu, compiled by gcc";
    private static final String GP6 = "PostgreSQL 9.4.26 (Greenplum Database 6.25.3 build commit:abc) on x86_64";

    @Test
    void plainPostgresqlIsDetectedAndSendsNoDistributionClauses() {
        Dialect d = Dialect.of(PG, null);
        assertThat(d.kind()).isEqualTo(Dialect.Kind.POSTGRESQL);
        assertThat(d.supportsDistributedBy()).isFalse();
    }

    @Test
    void greenplumIsDetectedFromVersion() {
        Dialect d = Dialect.of(GP6, null);
        assertThat(d.kind()).isEqualTo(Dialect.Kind.GREENPLUM);
        assertThat(d.supportsDistributedBy()).isTrue();
    }

    @Test
    void forcingGreenplumOnPostgresqlKeepsDistributionClausesOff() {
        Dialect d = Dialect.of(PG, Dialect.Kind.GREENPLUM);
        assertThat(d.kind()).isEqualTo(Dialect.Kind.GREENPLUM);
        assertThat(d.supportsDistributedBy()).isFalse();
    }

    @Test
    void forcingPostgresqlOnGreenplumStillKnowsTheServer() {
        Dialect d = Dialect.of(GP6, Dialect.Kind.POSTGRESQL);
        assertThat(d.kind()).isEqualTo(Dialect.Kind.POSTGRESQL);
        assertThat(d.supportsDistributedBy()).isTrue();
    }
}
