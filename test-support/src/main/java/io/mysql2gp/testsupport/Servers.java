package io.mysql2gp.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small source/staging helpers shared by the miner's integration tests. */
public final class Servers {
    private Servers() {}

    /** The binlog file the source writes now (start point for a test that creates its tables after). */
    public static String currentBinlogFile(MysqlServer mysql) throws SQLException {
        try (Connection c = mysql.connect(null); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Source binlog position now, as file:pos text comparable with the miner state. */
    public static long[] masterPosition(MysqlServer mysql) throws SQLException {
        try (Connection c = mysql.connect(null); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            String f = rs.getString(1);
            return new long[] {Long.parseLong(f.substring(f.lastIndexOf('.') + 1)), rs.getLong(2)};
        }
    }

    /** Miner position stored in staging as {file number, offset}, or null. */
    public static long[] minerPosition(Connection staging) throws SQLException {
        try (Statement st = staging.createStatement();
                ResultSet rs = st.executeQuery("SELECT binlog_file, binlog_pos FROM mysql2gp.miner_state")) {
            if (!rs.next()) {
                return null;
            }
            String f = rs.getString(1);
            return new long[] {Long.parseLong(f.substring(f.lastIndexOf('.') + 1)), rs.getLong(2)};
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /** Waits until the miner's stored position reaches the source's current position. */
    public static void awaitCaughtUp(MysqlServer mysql, Connection staging, long timeoutMillis, DaemonProcess miner)
            throws Exception {
        long[] target = masterPosition(mysql);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            long[] p = minerPosition(staging);
            if (p != null && (p[0] > target[0] || (p[0] == target[0] && p[1] >= target[1]))) {
                return;
            }
            if (miner != null && !miner.isAlive()) {
                throw new AssertionError("miner exited; log:\n" + miner.output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("miner did not catch up with the source within " + timeoutMillis + " ms"
                + (miner == null ? "" : "; log:\n" + miner.output()));
    }
}
