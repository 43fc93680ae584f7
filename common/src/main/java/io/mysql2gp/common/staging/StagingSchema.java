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
    /**
     * The change log as one row per change: since schema version 2 a view over {@link #CHANGE_BLOCKS}
     * (for people and tests; the daemons read and write the blocks).
     */
    public static final String CHANGES = SCHEMA + ".changes";
    /** The change log: blocks of consecutive changes of one table in one source transaction. */
    public static final String CHANGE_BLOCKS = SCHEMA + ".change_blocks";
    public static final String MINER_STATE = SCHEMA + ".miner_state";
    public static final String TABLE_SCHEMA = SCHEMA + ".table_schema";
    public static final String SCHEMA_VERSION = SCHEMA + ".schema_version";
    /** Seqs per partition of {@link #CHANGE_BLOCKS} (by a block's last seq); applied partitions are dropped whole. */
    public static final long PARTITION_SIZE = 1_000_000L;

    private static final Logger log = LoggerFactory.getLogger(StagingSchema.class);
    private static final long MIGRATION_LOCK = 0x6d7973716c326770L; // "mysql2gp"

    /**
     * One change framed as in a block ({@link ChangeBlock}): for the migration of version 1 rows, for
     * tests, and for anyone who needs to stage a change by hand. NULL when an image the op implies is NULL.
     */
    private static final String PACK_CHANGE_FUNCTION = "CREATE FUNCTION " + SCHEMA + ".pack_change(op \"char\","
            + " key_old text, key_new text, row_new text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$"
            + " SELECT convert_to(op::text, 'UTF8')"
            + " || CASE WHEN op IN ('U', 'D') THEN int4send(octet_length(convert_to(key_old, 'UTF8')))"
            + " || convert_to(key_old, 'UTF8') ELSE ''::bytea END"
            + " || CASE WHEN op = 'U' AND key_new = key_old THEN int4send(" + ChangeBlock.SAME_KEY + ")"
            + " WHEN op IN ('I', 'U') THEN int4send(octet_length(convert_to(key_new, 'UTF8')))"
            + " || convert_to(key_new, 'UTF8') ELSE ''::bytea END"
            + " || CASE WHEN op IN ('I', 'U', 'X') THEN int4send(octet_length(convert_to(row_new, 'UTF8')))"
            + " || convert_to(row_new, 'UTF8') ELSE ''::bytea END $$";

    /**
     * The {@code n} changes of a block as rows, seqs from {@code first_seq}: what the view {@link #CHANGES}
     * shows. A block whose bytes do not frame exactly {@code n} changes raises an error naming the seq.
     */
    private static final String UNPACK_CHANGES_FUNCTION = "CREATE FUNCTION " + SCHEMA + ".unpack_changes(first_seq"
            + " bigint, n integer, block bytea) RETURNS TABLE (seq bigint, op \"char\", key_old text, key_new text,"
            + " row_new text) LANGUAGE plpgsql IMMUTABLE STRICT AS $$"
            // the concatenation makes b a plain in-memory value: a stored block's toast pointer would be
            // fetched again by every get_byte (136 µs per change instead of a few)
            + " DECLARE b bytea := block || ''::bytea; pos integer := 0; total integer := length(block); len bigint;"
            + " code integer;"
            + " image integer;"
            + " BEGIN"
            + " seq := first_seq - 1;"
            + " WHILE pos < total LOOP"
            + " seq := seq + 1; code := get_byte(b, pos); pos := pos + 1;"
            + " IF code NOT IN (73, 85, 68, 84, 88) THEN" // I U D T X
            + " RAISE EXCEPTION 'staged change seq %: unknown op code %', seq, code; END IF;"
            + " op := chr(code); key_old := NULL; key_new := NULL; row_new := NULL;"
            // images in order: key_old (U, D), key_new (I, U), row_new (I, U, X)
            + " FOR image IN 1..3 LOOP"
            + " CONTINUE WHEN image = 1 AND code NOT IN (85, 68) OR image = 2 AND code NOT IN (73, 85)"
            + " OR image = 3 AND code NOT IN (73, 85, 88);"
            + " IF pos + 4 > total THEN"
            + " RAISE EXCEPTION 'staged change seq %: the block ends inside the length of an image', seq; END IF;"
            + " len := (get_byte(b, pos)::bigint << 24) | (get_byte(b, pos + 1) << 16) | (get_byte(b, pos + 2) << 8)"
            + " | get_byte(b, pos + 3); pos := pos + 4;"
            + " IF image = 2 AND code = 85 AND len = 4294967295 THEN key_new := key_old; CONTINUE; END IF;" // SAME_KEY
            + " IF len > total - pos THEN"
            + " RAISE EXCEPTION 'staged change seq %: an image of % bytes goes beyond its block', seq, len; END IF;"
            + " CASE image WHEN 1 THEN key_old := convert_from(substring(b FROM pos + 1 FOR len::integer), 'UTF8');"
            + " WHEN 2 THEN key_new := convert_from(substring(b FROM pos + 1 FOR len::integer), 'UTF8');"
            + " ELSE row_new := convert_from(substring(b FROM pos + 1 FOR len::integer), 'UTF8'); END CASE;"
            + " pos := pos + len::integer;"
            + " END LOOP;"
            + " RETURN NEXT;"
            + " END LOOP;"
            + " IF seq - first_seq + 1 <> n THEN"
            + " RAISE EXCEPTION 'staged block of seqs % to %: it holds % changes, not %', first_seq, first_seq + n - 1,"
            + " seq - first_seq + 1, n; END IF;"
            + " END $$";

    /**
     * One step of the staging schema. {@code writersStopped}: daemons of an older version must not be
     * running while it is applied (it changes what they write).
     */
    private record Migration(int version, String description, boolean writersStopped, List<String> statements) {}

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "change log, miner state, table schemas", false, List.of(
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
                            + " PRIMARY KEY (seq)) PARTITION BY RANGE (seq)")),
            new Migration(2, "change log in blocks of changes (one row per table and source transaction run),"
                    + " changes as a view", true, List.of(
                    // changes an older miner commits meanwhile must be in the copy below, not dropped with the table
                    "LOCK TABLE " + CHANGES + " IN ACCESS EXCLUSIVE MODE",
                    "CREATE TABLE " + CHANGE_BLOCKS + " ("
                            + " seq bigint NOT NULL,"
                            + " n integer NOT NULL CHECK (n BETWEEN 1 AND " + ChangeBlock.MAX_CHANGES + "),"
                            + " txn bigint NOT NULL,"
                            + " last_in_txn boolean NOT NULL,"
                            + " schema_id integer NOT NULL,"
                            + " tbl text NOT NULL,"
                            + " changes bytea NOT NULL,"
                            + " binlog_file text NOT NULL,"
                            + " binlog_pos bigint NOT NULL,"
                            + " event_ts timestamptz,"
                            + " PRIMARY KEY (seq)) PARTITION BY RANGE (seq)",
                    // blocks are written once and read once: compressing them (pglz) would cost more CPU than
                    // the disk it saves; a block larger than about 2 kB is stored out of line as it is
                    "ALTER TABLE " + CHANGE_BLOCKS + " ALTER COLUMN changes SET STORAGE EXTERNAL",
                    PACK_CHANGE_FUNCTION,
                    UNPACK_CHANGES_FUNCTION,
                    // unapplied changes of the old one-row-per-change table become blocks of one change
                    "DO $$ DECLARE lo bigint; hi bigint; BEGIN"
                            + " SELECT min(seq), max(seq) INTO lo, hi FROM " + CHANGES + ";"
                            + " IF lo IS NOT NULL THEN"
                            + " FOR p IN ((lo - 1) / " + PARTITION_SIZE + ")::integer .. ((hi - 1) / " + PARTITION_SIZE
                            + ")::integer LOOP"
                            + " EXECUTE format('" + createPartitionSql("%s", "%s", "%s").replace("'", "''")
                            + "', p, p::bigint * " + PARTITION_SIZE + " + 1, (p + 1)::bigint * " + PARTITION_SIZE
                            + " + 1);"
                            + " EXECUTE format('" + storageSql("%s").replace("'", "''") + "', p);"
                            + " END LOOP;"
                            + " INSERT INTO " + CHANGE_BLOCKS + " (seq, n, txn, last_in_txn, schema_id, tbl, changes,"
                            + " binlog_file, binlog_pos, event_ts) SELECT seq, 1, txn, last_in_txn, schema_id, tbl,"
                            + " " + SCHEMA + ".pack_change(op, key_old, key_new, row_new), binlog_file, binlog_pos,"
                            + " event_ts FROM " + CHANGES + ";"
                            + " END IF; END $$",
                    "DROP TABLE " + CHANGES,
                    "CREATE VIEW " + CHANGES + " AS SELECT u.seq, b.txn, b.last_in_txn AND u.seq = b.seq AS last_in_txn,"
                            + " b.schema_id, b.tbl, u.op, u.key_old, u.key_new, u.row_new, b.binlog_file, b.binlog_pos,"
                            + " b.event_ts FROM " + CHANGE_BLOCKS + " b CROSS JOIN LATERAL " + SCHEMA
                            + ".unpack_changes(b.seq - b.n + 1, b.n, b.changes) u")));


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
        migrate(c, currentVersion());
    }

    /**
     * Brings the staging schema up to {@code version} (tests of a migration start from the version before
     * it). Changes nothing, and needs no privilege beyond reading, when the schema is there already.
     *
     */
    public static void migrate(Connection c, int version) throws SQLException {
        int target = Math.min(version, currentVersion());
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + SCHEMA_VERSION + "') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1) && installedVersion(st) == target) {
                    return;
                }
            }
        }
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
                if (m.version() > have && m.version() <= version) {
                    if (m.writersStopped() && have > 0) {
                        warnOfOtherMiner(c, have, m);
                    }
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

    /**
     * A miner of the older version still running cannot write the new layout (its next write fails and
     * it retries in vain); nothing it committed is lost, as the migration locks the old change log first.
     * Said in a warning rather than refused: the session holding the miner's lease may as well be a miner
     * of this version that has not migrated yet, having started at the same moment.
     */
    private static void warnOfOtherMiner(Connection c, int have, Migration m) throws SQLException {
        java.util.Optional<String> other = StagingLease.holderOf(c, StagingLease.MINER, false);
        if (other.isPresent()) {
            log.warn("staging: migrating staging database \"{}\" from schema version {} ({}) while a binlog_miner"
                    + " works on it ({}); if it is of the older version it cannot stage any more: stop it and start"
                    + " this version's binlog_miner", c.getCatalog(), have, m.description(), other.get());
        }
    }

    private static int installedVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + SCHEMA_VERSION)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Name (schema-qualified) of partition {@code partitionIndex} of {@link #CHANGE_BLOCKS}. */
    public static String partitionName(long partitionIndex) {
        return CHANGE_BLOCKS + "_p" + partitionIndex;
    }

    /** Index of the partition holding the block whose last seq is {@code seq} (seqs start at 1). */
    public static long partitionOf(long seq) {
        return (seq - 1) / PARTITION_SIZE;
    }

    /**
     * DDL creating partition {@code index} if missing: blocks whose last seq is in
     * {@code [index*size+1, (index+1)*size+1)}, their changes stored uncompressed (two statements).
     */
    public static String createPartitionSql(long index) {
        long from = index * PARTITION_SIZE + 1;
        return createPartitionSql(Long.toString(index), Long.toString(from), Long.toString(from + PARTITION_SIZE))
                + "; " + storageSql(Long.toString(index));
    }

    private static String createPartitionSql(String index, String from, String to) {
        return "CREATE TABLE IF NOT EXISTS " + CHANGE_BLOCKS + "_p" + index + " PARTITION OF " + CHANGE_BLOCKS
                + " FOR VALUES FROM (" + from + ") TO (" + to + ")";
    }

    /** Partitions normally inherit the parent's storage; set it explicitly in case a server version does not. */
    private static String storageSql(String index) {
        return "ALTER TABLE " + CHANGE_BLOCKS + "_p" + index + " ALTER COLUMN changes SET STORAGE EXTERNAL";
    }
}
