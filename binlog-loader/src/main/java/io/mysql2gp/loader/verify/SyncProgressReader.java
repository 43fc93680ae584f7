package io.mysql2gp.loader.verify;

import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reads {@link SyncProgress}: the source's binlog position, then the miner's, the loader's checkpoint and staged keys. */
public final class SyncProgressReader {
    /** More staged changes than this for one table: every differing key of it counts as behind. */
    static final int MAX_KEYS = 1_000_000;

    private SyncProgressReader() {}

    /**
     * Reads in the order that keeps the rule safe: the source position first (a source change the
     * comparison saw is before it), then the miner's position, the checkpoint, the staged keys.
     * {@code staging} may be null (no [local.pgsql]): then only the checkpoint is unknown and nothing is behind.
     */
    public static SyncProgress read(Connection source, Connection staging, Connection target, String stagingId,
            Collection<String> tables) throws SQLException {
        String[] src = sourcePosition(source);
        if (staging == null) {
            return new SyncProgress(null, Map.of(), Set.of(), null, "?", src == null ? "?" : src[0] + ":" + src[1]);
        }
        String minerFile = null;
        long minerPos = 0;
        try (Statement st = staging.createStatement();
                ResultSet rs = st.executeQuery("SELECT binlog_file, binlog_pos FROM mysql2gp.miner_state")) {
            if (rs.next()) {
                minerFile = rs.getString(1);
                minerPos = rs.getLong(2);
            }
        } catch (SQLException e) {
            if (!missingRelation(e)) {
                throw e;
            }
            // binlog_miner never ran against this staging database: nothing is staged, nothing is behind
            return new SyncProgress(null, Map.of(), Set.of(), null, "nothing (no mysql2gp schema in staging)",
                    src == null ? "?" : src[0] + ":" + src[1]);
        }
        Boolean minerBehind = src == null ? null
                : minerFile == null || SyncProgress.before(minerFile, minerPos, src[0], Long.parseLong(src[1]));
        Long applied = checkpoint(target, stagingId);
        Map<String, Set<String>> keys = new HashMap<>();
        Set<String> all = new HashSet<>();
        // the blocks holding unapplied changes of the table, unpacked on the server (mysql2gp.changes is
        // the same unpacking, but with no way to skip applied blocks before unpacking them)
        try (PreparedStatement ps = staging.prepareStatement("SELECT u.op, u.key_old, u.key_new FROM "
                + StagingSchema.CHANGE_BLOCKS + " b CROSS JOIN LATERAL " + StagingSchema.SCHEMA
                + ".unpack_changes(b.seq - b.n + 1, b.n, b.changes) u WHERE b.seq > ? AND b.tbl = ? AND u.seq > ? LIMIT "
                + (MAX_KEYS + 1))) {
            for (String table : tables) {
                ps.setLong(1, applied == null ? -1 : applied);
                ps.setString(2, table);
                ps.setLong(3, applied == null ? -1 : applied);
                Set<String> set = new HashSet<>();
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        if ("T".equals(rs.getString(1)) || "X".equals(rs.getString(1)) || n > MAX_KEYS) {
                            all.add(table);
                        }
                        if (rs.getString(2) != null) {
                            set.add(rs.getString(2));
                        }
                        if (rs.getString(3) != null) {
                            set.add(rs.getString(3));
                        }
                    }
                }
                keys.put(table, set);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42883".equals(e.getSQLState())) {
                throw new SQLException("staging database \"" + staging.getCatalog() + "\" holds its changes in the"
                        + " layout of an older mysql2gp (no " + StagingSchema.CHANGE_BLOCKS + "): start this version's"
                        + " binlog_miner or binlog_loader once, which migrates it, then verify again", e.getSQLState(), e);
            }
            throw e;
        }
        return new SyncProgress(applied, keys, all, minerBehind, minerFile == null ? "nothing" : minerFile + ":" + minerPos,
                src == null ? "?" : src[0] + ":" + src[1]);
    }

    private static Long checkpoint(Connection target, String stagingId) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(
                "SELECT applied_seq FROM mysql2gp.loader_checkpoint WHERE staging_id = ?")) {
            ps.setString(1, stagingId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            if (missingRelation(e)) {
                return null; // the loader never ran against this target
            }
            throw e;
        }
    }

    /** Undefined table or schema. */
    private static boolean missingRelation(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }

    /** {@code [file, pos]} of the source, or null when this user may not read it. */
    private static String[] sourcePosition(Connection source) {
        for (String sql : new String[] {"SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"}) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? new String[] {rs.getString(1), Long.toString(rs.getLong(2))} : null;
            } catch (SQLException e) {
                // MySQL 8.4 renamed it; else no privilege: the miner's lag stays unknown
            }
        }
        return null;
    }
}
