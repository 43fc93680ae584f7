package io.mysql2gp.loader.bench;

import io.mysql2gp.testsupport.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The benchmark's source database: table definitions and the bulk insert/update workloads, 1,000 rows per statement. */
final class BenchSource {
    static final String DB = "bench_src";
    static final List<String> TABLES = List.of("t", "lagt", "big");
    static final int ROWS_PER_STATEMENT = 1_000;

    private final MysqlServer mysql;

    BenchSource(MysqlServer mysql) {
        this.mysql = mysql;
    }

    void createTables() {
        mysql.execute(null, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
        for (String t : TABLES) {
            mysql.execute(DB, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, a INT, b VARCHAR(40),"
                    + " c DATETIME(6), d DECIMAL(12,2)) ENGINE=InnoDB");
        }
    }

    /** Closes the current binlog file and returns the name of the new one. */
    String rotate() throws SQLException {
        try (Connection c = mysql.connect(null); Statement st = c.createStatement()) {
            st.execute("FLUSH BINARY LOGS");
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Inserts ids {@code first..first+count-1} into {@code table}; one transaction per statement, or one for all. */
    void insert(String table, long first, long count, boolean oneTransaction) throws SQLException {
        try (Connection c = mysql.connect(DB); Statement st = c.createStatement()) {
            c.setAutoCommit(!oneTransaction);
            StringBuilder sql = new StringBuilder(ROWS_PER_STATEMENT * 80);
            for (long lo = first; lo < first + count; lo += ROWS_PER_STATEMENT) {
                long hi = Math.min(first + count, lo + ROWS_PER_STATEMENT);
                sql.setLength(0);
                sql.append("INSERT INTO ").append(table).append(" VALUES ");
                for (long id = lo; id < hi; id++) {
                    if (id > lo) {
                        sql.append(',');
                    }
                    appendRow(sql, id, "'2024-01-02 03:04:05.123456' + INTERVAL " + id + " SECOND");
                }
                st.executeUpdate(sql.toString());
            }
            if (oneTransaction) {
                c.commit();
            }
        }
    }

    /** {@code count} row updates on keys 1..keys of t, 1,000 consecutive keys per statement and transaction. */
    void updateHot(long count, int keys) throws SQLException {
        try (Connection c = mysql.connect(DB); Statement st = c.createStatement()) {
            long blocks = keys / ROWS_PER_STATEMENT;
            for (long i = 0; i < count / ROWS_PER_STATEMENT; i++) {
                long lo = (i % blocks) * ROWS_PER_STATEMENT + 1;
                st.executeUpdate("UPDATE t SET a = a + 1, d = d + 0.01 WHERE id BETWEEN " + lo + " AND "
                        + (lo + ROWS_PER_STATEMENT - 1));
            }
        }
    }

    static void appendRow(StringBuilder sql, long id, String cExpression) {
        sql.append('(').append(id).append(',').append(id % 100_000).append(",'row-").append(id)
                .append("-abcdefghijklmnop',").append(cExpression).append(',').append(id / 100).append('.')
                .append(id % 100 < 10 ? "0" : "").append(id % 100).append(')');
    }

    /** count(*) and sum(a) of a source table, for a cheap equality check against the target. */
    long[] countAndSum(String table) throws SQLException {
        try (Connection c = mysql.connect(DB); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(a), 0) FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
