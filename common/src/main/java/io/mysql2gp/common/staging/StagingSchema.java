package io.mysql2gp.common.staging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the staging schema {@value #SCHEMA} (see docs/STAGING.md). Each migration
 * runs in its own transaction together with its {@code schema_version} row, under an advisory
 * transaction lock so that two processes starting at once do not race.
 */
public final class StagingSchema {
    public static final String SCHEMA = "mysql2gp";
    public static final String CHANGES = SCHEMA + ".changes";
    public static final String MINER_STATE = SCHEMA + ".miner_state";
    public static final String TABLE_SCHEMA = SCHEMA + ".table_schema";
    public static final String SCHEMA_VERSION = SCHEMA + ".schema_version";
    /** Seqs per partition of {@link #CHANGES}; applied partitions are dropped whole. */
    public static final long PARTITION_SIZE = 1_000_000L;

    private static final Logger log = LoggerFactory.getLogger(StagingSchema.class);
    private static final long MIGRATION_LOCK = 0x6d7973716c326770L; // "mysql2gp"

    private record Migration(int version, String description, List<String> statements) {}

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "change log, miner state, table schemas", List.of(
                    "CREATE TABLE " + MINER_STATE + " ("
                            + " id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),"
                            + " server_id bigint,"
                            + " binlog_file text NOT NULL,"
                            + " binlog_pos bigint NOT NULL,"
                            + " gtid text,"
                            + " last_seq bigint NOT NULL,"
                            + " last_txn bigint NOT NULL,"
                            + " source_ts timestamptz,"
                            + " updated_at timestamptz NOT NULL DEFAULT now())",
                    "CREATE TABLE " + TABLE_SCHEMA + " ("
                            + " schema_id integer PRIMARY KEY,"
                            + " db text NOT NULL,"
                            + " tbl text NOT NULL,"
                            + " columns jsonb NOT NULL,"
                            + " primary_key jsonb NOT NULL,"
                            + " binlog_file text,"
                            + " binlog_pos bigint,"
                            + " created_at timestamptz NOT NULL DEFAULT now())",
                    "CREATE TABLE " + CHANGES + " ("
                            + " seq bigint NOT NULL,"
                            + " txn bigint NOT NULL,"
                            + " last_in_txn boolean NOT NULL,"
                            + " schema_id integer NOT NULL,"
                            + " tbl text NOT NULL,"
                            + " op \"char\" NOT NULL,"
                            + " key_old text,"
                            + " key_new text,"
                            + " row_new text,"
                            + " binlog_file text NOT NULL,"
                            + " binlog_pos bigint NOT NULL,"
                            + " event_ts timestamptz,"
                            + " PRIMARY KEY (seq)) PARTITION BY RANGE (seq)")));

    private StagingSchema() {}

    /** The newest schema version this build knows. */
    public static int currentVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /**
     * Brings the staging schema up to {@link #currentVersion()}; fails if the database holds a newer
     * version than this build knows (a newer mysql2gp wrote it).
     */
    public static void migrate(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA_VERSION + " ("
                    + " version integer PRIMARY KEY,"
                    + " description text NOT NULL,"
                    + " applied_at timestamptz NOT NULL DEFAULT now())");
            int have = installedVersion(st);
            if (have > currentVersion()) {
                throw new SQLException("staging schema " + SCHEMA + " is at version " + have
                        + " but this mysql2gp knows only up to " + currentVersion()
                        + ": run a newer mysql2gp", "55000");
            }
            for (Migration m : MIGRATIONS) {
                if (m.version() > have) {
                    for (String sql : m.statements()) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO " + SCHEMA_VERSION + " (version, description) VALUES ("
                            + m.version() + ", '" + m.description().replace("'", "''") + "')");
                    log.info("staging: applied schema migration {} ({})", m.version(), m.description());
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static int installedVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + SCHEMA_VERSION)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Name (schema-qualified) of the partition of {@link #CHANGES} holding {@code seq}. */
    public static String partitionName(long partitionIndex) {
        return SCHEMA + ".changes_p" + partitionIndex;
    }

    /** Index of the partition holding {@code seq} (seqs start at 1). */
    public static long partitionOf(long seq) {
        return (seq - 1) / PARTITION_SIZE;
    }

    /** DDL creating partition {@code index}: seqs {@code [index*size+1, (index+1)*size+1)}. */
    public static String createPartitionSql(long index) {
        long from = index * PARTITION_SIZE + 1;
        long to = from + PARTITION_SIZE;
        return "CREATE TABLE IF NOT EXISTS " + partitionName(index) + " PARTITION OF " + CHANGES
                + " FOR VALUES FROM (" + from + ") TO (" + to + ")";
    }
}
