package io.mysql2gp.testsupport;

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
    /** Every listed table of the rich workload ({@link #Workload(long, boolean)} with types). */
    public static final List<String> LISTED_RICH = List.of("t_int", "t_str", "t_comp", "t_types");
    /** t_types: one column of every MySQL type family, filled with edge values. */
    public static final String T_TYPES_DDL = "CREATE TABLE t_types (id BIGINT UNSIGNED PRIMARY KEY,"
            + " u8 TINYINT UNSIGNED, i8 TINYINT, u64 BIGINT UNSIGNED, dec1 DECIMAL(30,10), f FLOAT, d DOUBLE,"
            + " c CHAR(10), vc VARCHAR(100), tx MEDIUMTEXT, l1 VARCHAR(20) CHARACTER SET latin1, bn BINARY(6),"
            + " vb VARBINARY(20), bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME(2), y YEAR,"
            + " b1 BIT(1), b13 BIT(13), e ENUM('red','green','blue'), s SET('a','b','c','d'), j JSON) ENGINE=InnoDB";
    public static final List<String> T_TYPES_COLS = List.of("id", "u8", "i8", "u64", "dec1", "f", "d", "c", "vc", "tx",
            "l1", "bn", "vb", "bl", "dt", "dtm", "ts", "tm", "y", "b1", "b13", "e", "s", "j");
    private static final String[][] TYPE_VALUES = {
        /* u8 */ {"0", "255", "17", "NULL"},
        /* i8 */ {"-128", "127", "0", "NULL"},
        /* u64 */ {"0", "18446744073709551615", "9223372036854775808", "NULL"},
        /* dec1 */ {"-99999999999999999999.9999999999", "0.0000000001", "0", "12.5", "NULL"},
        /* f */ {"3.40282e38", "-1.17549e-38", "0.1", "0", "NULL"},
        /* d */ {"1.7976931348623157e308", "2.2250738585072014e-308", "0.1", "-0", "NULL"},
        /* c */ {"''", "'abc'", "'\u00e9\u00e8'", "NULL"},
        /* vc */ {"''", "'tab\\there'", "'back\\\\slash'", "'\\\\N'", "'\uD83D\uDE00 4-byte'", "'line\\nbreak'", "NULL"},
        /* tx */ {"REPEAT('x', 3000)", "'\u6c49\u5b57'", "''", "NULL"},
        /* l1 */ {"'caf\u00e9'", "'\u00ff\u00fe'", "NULL"},
        /* bn */ {"0x000000000000", "0x5c0001000000", "0xFFFFFFFFFFFF", "0x61", "NULL"},
        /* vb */ {"X''", "0x00", "0x5C4E", "0x000102030405060708090a0b", "NULL"},
        /* bl */ {"0x00FF5C0D0A09", "REPEAT(0x00, 2000)", "X''", "NULL"},
        /* dt */ {"'0001-01-01'", "'1582-10-04'", "'9999-12-31'", "'0000-00-00'", "'2024-02-29'", "NULL"},
        /* dtm */ {"'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "'2024-02-29 12:00:00.000001'",
            "'0000-00-00 00:00:00'", "NULL"},
        /* ts */ {"'1970-01-01 00:00:01.000'", "'2038-01-19 03:14:07.999'", "'2024-06-30 12:34:56.789'", "NULL"},
        /* tm */ {"'-838:59:59.00'", "'838:59:59.00'", "'00:00:00.01'", "'-00:00:00.50'", "'25:00:00'", "NULL"},
        /* y */ {"0", "1901", "2155", "NULL"},
        /* b1 */ {"b'0'", "b'1'", "NULL"},
        /* b13 */ {"b'0'", "b'1111111111111'", "b'1000000000001'", "NULL"},
        /* e */ {"'red'", "'blue'", "''", "NULL"},
        /* s */ {"''", "'a,d'", "'a,b,c,d'", "NULL"},
        /* j */ {"'{\"k\": [1, 2.5, \"s\", null, true, {\"n\": -1}]}'", "'[]'", "'\"text\"'", "'{}'", "NULL"},
    };

    private static final String[] WORDS = {"plain", "tab\there", "new\nline", "back\\slash", "quote'\"", "\\N",
            "caf\u00e9", "\u6c49\u5b57", "emoji \ud83d\ude00", "", "  spaces  ", "comma,semi;"};

    private final Random rnd;
    private final AtomicLong committedChanges = new AtomicLong();
    private int nextIntId = 1;
    private int nextStrId = 1;
    private int nextComp = 1;

    private final boolean rich;
    private int nextTypesId = 1;

    public Workload(long seed) {
        this(seed, false);
    }

    /** With {@code rich}, transactions also write t_types (every type) and swap primary keys. */
    public Workload(long seed, boolean rich) {
        this.rnd = new Random(seed);
        this.rich = rich;
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
            st.execute("CREATE TABLE `" + db + "`." + T_TYPES_DDL.substring("CREATE TABLE ".length()));
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
            // zero dates and '' for invalid ENUM values are legal data on many real servers
            use.execute("SET SESSION sql_mode = ''");
            use.execute("SET SESSION time_zone = '+00:00'");
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
                if (rich && rnd.nextInt(3) == 0) {
                    n += richStatement(st);
                    continue;
                }
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

    private long richStatement(Statement st) throws SQLException {
        int k = rnd.nextInt(100);
        if (k < 45) {
            StringBuilder sql = new StringBuilder("INSERT INTO t_types (id");
            for (int i = 1; i < T_TYPES_COLS.size(); i++) {
                sql.append(", ").append(T_TYPES_COLS.get(i));
            }
            sql.append(") VALUES (").append(nextTypesId++);
            for (String[] pool : TYPE_VALUES) {
                sql.append(", ").append(pool[rnd.nextInt(pool.length)]);
            }
            return st.executeUpdate(sql.append(")").toString());
        } else if (k < 70) {
            int col = 1 + rnd.nextInt(T_TYPES_COLS.size() - 1);
            String[] pool = TYPE_VALUES[col - 1];
            return st.executeUpdate("UPDATE t_types SET " + T_TYPES_COLS.get(col) + " = " + pool[rnd.nextInt(pool.length)]
                    + " WHERE id = " + (1 + rnd.nextInt(nextTypesId)));
        } else if (k < 80) {
            return st.executeUpdate("DELETE FROM t_types WHERE id = " + (1 + rnd.nextInt(nextTypesId)));
        } else if (k < 90) {
            return st.executeUpdate("UPDATE t_types SET id = " + (nextTypesId++) + " WHERE id = " + (1 + rnd.nextInt(nextTypesId)));
        } else {
            // swap two keys through a temporary one: a -> tmp, b -> a, tmp -> b
            int a = 1 + rnd.nextInt(nextIntId);
            int b = 1 + rnd.nextInt(nextIntId);
            int tmp = -1 - rnd.nextInt(1_000_000);
            if (a == b) {
                return 0;
            }
            int moved = st.executeUpdate("UPDATE t_int SET id = " + tmp + " WHERE id = " + a);
            if (moved == 0) {
                return 0;
            }
            long n = moved;
            n += st.executeUpdate("UPDATE t_int SET id = " + a + " WHERE id = " + b);
            n += st.executeUpdate("UPDATE t_int SET id = " + b + " WHERE id = " + tmp);
            return n;
        }
    }

    private int randomId() {
        return 1 + rnd.nextInt(Math.max(1, nextIntId));
    }

    private static String strKey(int i) {
        return (i % 3 == 0 ? "\u952e" : i % 3 == 1 ? "key\t" : "k\\") + i;
    }
}
