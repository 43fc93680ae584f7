package io.mysql2gp.miner.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded random multi-table write load on the source: inserts, updates, deletes, primary-key
 * changes, multi-row statements, large transactions, rolled-back transactions, and writes to an
 * unlisted table and another database. Counts the committed row changes of listed tables.
 */
public final class Workload {
    public static final List<String> LISTED = List.of("t_int", "t_str", "t_comp");
    public static final List<String> T_INT_COLS = List.of("id", "a", "b", "c", "d");
    public static final List<String> T_STR_COLS = List.of("code", "v", "note");
    public static final List<String> T_COMP_COLS = List.of("a", "b", "v");

    private static final String[] WORDS = {"plain", "tab\there", "new\nline", "back\\slash", "quote'\"", "\\N",
            "caf\u00e9", "\u6c49\u5b57", "emoji \ud83d\ude00", "", "  spaces  ", "comma,semi;"};

    private final Random rnd;
    private final AtomicLong committedChanges = new AtomicLong();
    private int nextIntId = 1;
    private int nextStrId = 1;
    private int nextComp = 1;

    public Workload(long seed) {
        this.rnd = new Random(seed);
    }

    public static void createSchema(Connection c, String db, String otherDb) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String d : List.of(db, otherDb)) {
                st.execute("CREATE DATABASE IF NOT EXISTS `" + d + "` CHARACTER SET utf8mb4");
                st.execute("CREATE TABLE `" + d + "`.t_int (id INT PRIMARY KEY, a VARCHAR(50), b BIGINT,"
                        + " c DECIMAL(12,3), d DATETIME(6)) ENGINE=InnoDB");
            }
            st.execute("CREATE TABLE `" + db + "`.t_str (code VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                    + " PRIMARY KEY, v INT, note TEXT) ENGINE=InnoDB");
            st.execute("CREATE TABLE `" + db + "`.t_comp (a INT, b VARCHAR(10) COLLATE utf8mb4_bin, v INT,"
                    + " PRIMARY KEY (b, a)) ENGINE=InnoDB");
            st.execute("CREATE TABLE `" + db + "`.t_unlisted (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        }
    }

    public long committedChanges() {
        return committedChanges.get();
    }

    /** Runs transactions on {@code c} until at least {@code changes} listed-table changes are committed. */
    public void run(Connection c, String db, String otherDb, long changes) throws SQLException {
        c.setAutoCommit(false);
        try (Statement use = c.createStatement()) {
            use.execute("USE `" + db + "`");
        }
        while (committedChanges.get() < changes) {
            int kind = rnd.nextInt(100);
            long n;
            if (kind < 2) {
                n = bigInsert(c, 2000 + rnd.nextInt(3000));
            } else if (kind < 6) {
                smallTxn(c, otherDb);
                c.rollback();
                continue;
            } else {
                n = smallTxn(c, otherDb);
            }
            c.commit();
            committedChanges.addAndGet(n);
        }
    }

    private long bigInsert(Connection c, int rows) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t_int (id, a, b, c, d) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                bindIntRow(ps, nextIntId++);
                ps.addBatch();
            }
            for (int r : ps.executeBatch()) {
                n += r;
            }
        }
        return n;
    }

    private void bindIntRow(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        ps.setString(2, rnd.nextInt(10) == 0 ? null : WORDS[rnd.nextInt(WORDS.length)] + rnd.nextInt(1000));
        ps.setLong(3, rnd.nextLong());
        ps.setBigDecimal(4, java.math.BigDecimal.valueOf(rnd.nextInt(2_000_000_000) - 1_000_000_000L, 3));
        ps.setString(5, String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", 1000 + rnd.nextInt(9000),
                1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60),
                rnd.nextInt(1_000_000)));
    }

    private long smallTxn(Connection c, String otherDb) throws SQLException {
        long n = 0;
        int statements = 1 + rnd.nextInt(8);
        try (Statement st = c.createStatement()) {
            for (int s = 0; s < statements; s++) {
                int k = rnd.nextInt(100);
                if (k < 25) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t_int (id, a, b, c, d) VALUES (?, ?, ?, ?, ?)")) {
                        bindIntRow(ps, nextIntId++);
                        n += ps.executeUpdate();
                    }
                } else if (k < 35) {
                    n += st.executeUpdate("UPDATE t_int SET b = b DIV 3, a = CONCAT(IFNULL(a, ''), 'u') WHERE id BETWEEN "
                            + randomId() + " AND " + (randomId() % 30 + 5 + randomId()) / 2 + " LIMIT 40");
                } else if (k < 45) {
                    n += st.executeUpdate("UPDATE t_int SET id = " + (nextIntId++) + " WHERE id = " + randomId());
                } else if (k < 52) {
                    n += st.executeUpdate("DELETE FROM t_int WHERE id = " + randomId());
                } else if (k < 65) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t_str (code, v, note) VALUES (?, ?, ?)")) {
                        ps.setString(1, strKey(nextStrId++));
                        ps.setInt(2, rnd.nextInt());
                        ps.setString(3, WORDS[rnd.nextInt(WORDS.length)]);
                        n += ps.executeUpdate();
                    }
                } else if (k < 72) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE t_str SET code = ?, v = v - 1 WHERE code = ?")) {
                        ps.setString(1, strKey(nextStrId++));
                        ps.setString(2, strKey(1 + rnd.nextInt(nextStrId)));
                        n += ps.executeUpdate();
                    }
                } else if (k < 76) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM t_str WHERE code = ?")) {
                        ps.setString(1, strKey(1 + rnd.nextInt(nextStrId)));
                        n += ps.executeUpdate();
                    }
                } else if (k < 86) {
                    int a = nextComp++;
                    n += st.executeUpdate("INSERT INTO t_comp (a, b, v) VALUES (" + a + ", 'k" + (a % 7) + "', " + a + ")");
                } else if (k < 90) {
                    int a = 1 + rnd.nextInt(nextComp);
                    n += st.executeUpdate("UPDATE t_comp SET b = 'z" + (a % 5) + "', a = " + (nextComp++) + " WHERE a = " + a
                            + " LIMIT 1");
                } else if (k < 93) {
                    n += st.executeUpdate("DELETE FROM t_comp WHERE a = " + (1 + rnd.nextInt(nextComp)));
                } else if (k < 97) {
                    st.executeUpdate("INSERT INTO t_unlisted (id, v) VALUES (" + rnd.nextInt() + ", 1)"
                            + " ON DUPLICATE KEY UPDATE v = v + 1");
                } else {
                    st.executeUpdate("INSERT INTO `" + otherDb + "`.t_int (id, a) VALUES (" + rnd.nextInt() + ", 'other')"
                            + " ON DUPLICATE KEY UPDATE b = 1");
                }
            }
        }
        return n;
    }

    private int randomId() {
        return 1 + rnd.nextInt(Math.max(1, nextIntId));
    }

    private static String strKey(int i) {
        return (i % 3 == 0 ? "\u952e" : i % 3 == 1 ? "key\t" : "k\\") + i;
    }
}
