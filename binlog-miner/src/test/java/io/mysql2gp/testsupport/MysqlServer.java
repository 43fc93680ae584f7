package io.mysql2gp.testsupport;

/** TEMPORARY STUB of the test-support API (deleted when the real module lands): a private MySQL/MariaDB server. */
public interface MysqlServer extends AutoCloseable {
    String flavor();

    String host();

    int port();

    String rootUser();

    String rootPassword();

    String jdbcUrl(String db);

    java.sql.Connection connect(String db) throws java.sql.SQLException;

    void execute(String db, String... sql);

    void stop();

    void start();

    void kill();

    java.nio.file.Path dataDir();

    @Override
    void close();
}
