package io.mysql2gp.loader.apply;

import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;

/** A private PostgreSQL server for the apply tests (the shared test support's, with its port-clash retries). */
final class ThrowawayPostgres implements AutoCloseable {
    private final PgServer server;

    private ThrowawayPostgres(PgServer server) {
        this.server = server;
    }

    static ThrowawayPostgres start() {
        return new ThrowawayPostgres(TestServers.newPostgres());
    }

    Connection connect() throws SQLException {
        return connect("postgres");
    }

    Connection connect(String database) throws SQLException {
        return server.connect(database);
    }

    @Override
    public void close() {
        server.close();
    }
}
