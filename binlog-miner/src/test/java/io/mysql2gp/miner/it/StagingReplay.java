package io.mysql2gp.miner.it;

import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays everything staged, in seq order, onto empty tables and fails on any change that could
 * only come from a lost or duplicated change: an insert of a present key, an update or delete of
 * an absent key, a gap in seq, a transaction without exactly one last_in_txn row.
 */
public final class StagingReplay {
    public final Map<String, Map<String, String>> tables = new TreeMap<>();
    public long changes;

    public static StagingReplay of(Connection c) throws SQLException {
        StagingReplay r = new StagingReplay();
        long prevSeq = -1;
        long txn = -1;
        boolean txnClosed = true;
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery("SELECT seq, txn, last_in_txn, tbl, op, key_old, key_new, row_new FROM "
                    + StagingSchema.CHANGES + " ORDER BY seq")) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (prevSeq >= 0 && seq != prevSeq + 1) {
                        throw new AssertionError("gap in staged seq: " + prevSeq + " then " + seq);
                    }
                    prevSeq = seq;
                    long t = rs.getLong(2);
                    if (t != txn) {
                        if (!txnClosed) {
                            throw new AssertionError("source transaction " + txn + " has no last_in_txn row");
                        }
                        if (txn >= 0 && t != txn + 1) {
                            throw new AssertionError("txn jumps from " + txn + " to " + t + " at seq " + seq);
                        }
                        txn = t;
                    } else if (txnClosed) {
                        throw new AssertionError("txn " + t + " continues after its last_in_txn row at seq " + seq);
                    }
                    txnClosed = rs.getBoolean(3);
                    r.apply(seq, rs.getString(4), rs.getString(5).charAt(0), rs.getString(6), rs.getString(7),
                            rs.getString(8));
                    r.changes++;
                }
            }
            c.commit();
        }
        if (!txnClosed) {
            throw new AssertionError("the last staged transaction " + txn + " has no last_in_txn row");
        }
        return r;
    }

    private void apply(long seq, String table, char op, String keyOld, String keyNew, String rowNew) {
        Map<String, String> t = tables.computeIfAbsent(table, k -> new HashMap<>());
        switch (op) {
            case 'I' -> {
                if (t.put(keyNew, rowNew) != null) {
                    throw new AssertionError("seq " + seq + ": insert of a key already present (duplicate?) "
                            + table + " " + keyNew);
                }
            }
            case 'U' -> {
                if (t.remove(keyOld) == null) {
                    throw new AssertionError("seq " + seq + ": update of an absent key (lost insert?) " + table + " " + keyOld);
                }
                if (t.put(keyNew, rowNew) != null) {
                    throw new AssertionError("seq " + seq + ": update onto a present key " + table + " " + keyNew);
                }
            }
            case 'D' -> {
                if (t.remove(keyOld) == null) {
                    throw new AssertionError("seq " + seq + ": delete of an absent key (duplicate delete?) " + table + " "
                            + keyOld);
                }
            }
            case 'T' -> t.clear();
            default -> throw new AssertionError("seq " + seq + ": unknown op " + op);
        }
    }
}
