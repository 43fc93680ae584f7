package io.mysql2gp.loader.poll;

import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees staging space by dropping partitions of {@code mysql2gp.change_blocks} whose whole seq range
 * the loader has applied (a block belongs to the partition of its last seq, so all of it is applied then).
 *
 * <p>Only whole partitions go: rows of the partition holding {@code appliedSeq + 1} stay, even
 * those already applied, until that partition is fully applied and dropped in a later round. So at
 * most one partition's worth ({@link StagingSchema#PARTITION_SIZE} rows) of applied changes
 * remains; deleting them row by row would cost far more (dead tuples, vacuum) than the space is
 * worth, and dropping a partition is instant.
 *
 * <p>Dropping a partition needs an exclusive lock on the parent table, which the miner's open
 * staging transaction (a long COPY of a big source transaction) and any open read of the changes
 * hold in a conflicting mode. Each partition is therefore dropped in its own short transaction
 * with a lock timeout: when the lock is not granted in time the round stops without error (logged
 * at DEBUG) and the next round tries again. The purge never waits long and never blocks the miner
 * for longer than the lock timeout.
 */
public final class StagingPurger {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(StagingPurger.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String UNDEFINED_TABLE = "42P01";
    /** {@link #drop} outcomes besides a row count. */
    private static final long DEFERRED = -1;
    private static final long GONE = -2;

    private StagingPurger() {}

    /** A partition of the change log with its seq range. */
    record Partition(String schema, String name, PartitionBound bound) {
        String qualified() {
            return quote(schema) + "." + quote(name);
        }

        String display() {
            return schema + "." + name;
        }
    }

    /** {@link #purge(Connection, long, Duration)} with {@link #DEFAULT_LOCK_TIMEOUT}. */
    public static PurgeResult purge(Connection staging, long appliedSeq) throws SQLException {
        return purge(staging, appliedSeq, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * Drops every partition whose seqs are all at most {@code appliedSeq} (and at most the miner's
     * {@code last_seq}, in case the caller's number is wrong), oldest first. Uses the connection's
     * transaction control: call it with no transaction open.
     */
    public static PurgeResult purge(Connection staging, long appliedSeq, Duration lockTimeout) throws SQLException {
        long limit = Math.min(appliedSeq,
                StagingStatus.read(staging).map(StagingStatus::lastSeq).orElse(0L));
        List<Partition> candidates = new ArrayList<>();
        for (Partition p : partitions(staging)) {
            if (p.bound().fullyAppliedAt(limit)) {
                candidates.add(p);
            }
        }
        candidates.sort(Comparator.comparingLong(p -> p.bound().from()));
        List<String> dropped = new ArrayList<>();
        long rows = 0;
        boolean deferred = false;
        boolean auto = staging.getAutoCommit();
        staging.setAutoCommit(false);
        try {
            for (Partition p : candidates) {
                long held = drop(staging, p, limit, lockTimeout);
                if (held == DEFERRED) {
                    deferred = true;
                    break;
                }
                if (held != GONE) {
                    dropped.add(p.display());
                    rows += held;
                }
            }
        } finally {
            staging.setAutoCommit(auto);
        }
        if (!dropped.isEmpty()) {
            log.info("staging: dropped {} fully applied partition(s) of {}: {} (about {} rows); applied up to seq {}",
                    dropped.size(), StagingSchema.CHANGE_BLOCKS, String.join(", ", dropped), rows, appliedSeq);
        }
        return new PurgeResult(dropped, rows, deferred);
    }

    /**
     * Drops one partition in its own transaction; returns the rows it held, {@link #GONE} if it was
     * gone already, or {@link #DEFERRED} when the lock was not granted in time.
     */
    private static long drop(Connection c, Partition p, long limit, Duration lockTimeout)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
            long rows;
            // two index probes instead of a count over up to a whole partition; seqs are gap-free
            try (ResultSet rs = st.executeQuery("SELECT (SELECT seq - n + 1 FROM " + p.qualified()
                    + " ORDER BY seq LIMIT 1), (SELECT max(seq) FROM " + p.qualified() + ")")) {
                rs.next();
                long min = rs.getLong(1);
                boolean empty = rs.wasNull();
                long max = rs.getLong(2);
                if (!empty && max > limit) {
                    // cannot happen with the bound checked; refuse rather than lose changes
                    throw new IllegalStateException("staging partition " + p.display() + " (" + p.bound()
                            + ") holds seq " + max + ", beyond the applied seq " + limit + ": not dropped");
                }
                rows = empty ? 0 : max - min + 1;
            }
            st.execute("DROP TABLE " + p.qualified());
            c.commit();
            return rows;
        } catch (SQLException e) {
            c.rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                log.debug("staging: {} is locked (miner or reader transaction open), not dropping {} this round",
                        StagingSchema.CHANGE_BLOCKS, p.display());
                return DEFERRED;
            }
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                log.debug("staging: {} is gone already", p.display());
                return GONE;
            }
            throw new SQLException("cannot drop applied staging partition " + p.display() + " (" + p.bound()
                    + "): " + e.getMessage(), e.getSQLState(), e);
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The partitions of the change log with a parsable range bound (none if it does not exist yet). */
    static List<Partition> partitions(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, k.relname,"
                + " pg_get_expr(k.relpartbound, k.oid) FROM pg_inherits i"
                + " JOIN pg_class k ON k.oid = i.inhrelid JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE i.inhparent = to_regclass(?)")) {
            ps.setString(1, StagingSchema.CHANGE_BLOCKS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String display = rs.getString(1) + "." + rs.getString(2);
                    Optional<PartitionBound> bound = PartitionBound.parse(rs.getString(3));
                    if (bound.isPresent()) {
                        out.add(new Partition(rs.getString(1), rs.getString(2), bound.get()));
                    } else {
                        log.warn("staging: partition {} of {} has bound '{}', not a seq range: never dropped",
                                display, StagingSchema.CHANGE_BLOCKS, rs.getString(3));
                    }
                }
            }
        } finally {
            if (!c.getAutoCommit()) {
                c.commit(); // end the catalog read's transaction before the drops
            }
        }
        return out;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
