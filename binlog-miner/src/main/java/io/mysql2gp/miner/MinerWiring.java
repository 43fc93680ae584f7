package io.mysql2gp.miner;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.mysql2gp.common.cli.FatalException;
import io.mysql2gp.common.config.PgConnectConfig;
import io.mysql2gp.common.config.TableListWatcher;
import io.mysql2gp.common.metrics.Metrics;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.source.InformationSchema;
import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.sql.PgConnections;
import io.mysql2gp.miner.decode.EventDeserializers;
import io.mysql2gp.miner.decode.RowEncoder;
import io.mysql2gp.miner.decode.TableSchemas;
import io.mysql2gp.miner.source.BinlogFile;
import io.mysql2gp.miner.source.BinlogRetention;
import io.mysql2gp.miner.source.Preflight;
import io.mysql2gp.miner.source.PreflightOptions;
import io.mysql2gp.miner.source.PreflightResult;
import io.mysql2gp.miner.source.ServerInfo;
import io.mysql2gp.miner.stream.RowImageEncoder;
import io.mysql2gp.miner.stream.SchemaRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects the miner daemon to the real world: staging JDBC, source JDBC, decoder, table list. */
final class MinerWiring implements MinerDaemon.Wiring {
    private static final Logger log = LoggerFactory.getLogger(MinerWiring.class);
    /** How often a running miner compares its position with the source's oldest binlog file. */
    private static final long RETENTION_CHECK_MILLIS = 60_000;

    private final PgConnectConfig staging;
    private final SourceConnections source;
    private final String db;
    private final long serverId;
    private final TableListWatcher tables;
    private final BinlogRetention retention;
    private Connection sourceConn;
    private CharsetNames charsets;
    private long retentionCheckedAt;

    MinerWiring(PgConnectConfig staging, SourceConnections source, String db, long serverId, TableListWatcher tables,
            int retentionWarnFiles) {
        this.staging = staging;
        this.source = source;
        this.db = db;
        this.serverId = serverId;
        this.tables = tables;
        this.retention = new BinlogRetention(retentionWarnFiles, source.endpoint().address());
        Metrics.registerMinerGauges();
    }

    @Override
    public Connection openStaging() throws SQLException {
        try {
            return PgConnections.open(staging, "binlog_miner");
        } catch (SQLException e) {
            // name the database and the my.cnf key, never the password
            throw new SQLException(staging.identity() + " ([local.pgsql] connect_string): " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    @Override
    public void preflight(BinlogPosition start, boolean stored, boolean firstSession) throws Exception {
        PreflightResult r = Preflight.check(source, new PreflightOptions(db, start, stored, serverId));
        if (!r.ok()) {
            if (r.server() == null && !firstSession) {
                // the source is unreachable for now: retry with backoff
                throw new IOException(r.failureText());
            }
            // one line per failed check, each saying what is wrong, where, and how to fix it
            throw new FatalException("preflight: " + String.join("\npreflight: ", r.failures()),
                    FatalException.EXIT_FATAL);
        }
        judgeRetention(start, r.server().binlogFiles());
        if (firstSession) {
            try {
                warnAboutListedTables();
            } catch (SQLException | RuntimeException e) {
                // only advice: never a reason not to start
                log.warn("cannot check the listed tables on the source: {}", e.getMessage());
            }
        }
    }

    /**
     * One warning per listed table the source does not have (yet: it is staged once it is created)
     * and per listed table without a primary key (the loader will pause it at its first change).
     */
    private void warnAboutListedTables() throws SQLException {
        Connection c = sourceConnection();
        Set<String> present = new HashSet<>(InformationSchema.listTables(c, db));
        Set<String> keyed = new HashSet<>(InformationSchema.tablesWithPrimaryKey(c, db));
        for (TableId t : tables.current()) {
            if (!t.db().equals(db)) {
                continue;
            }
            if (!present.contains(t.table())) {
                log.warn("table list {}: table {} does not exist on the source (or user {} cannot see it); its"
                        + " changes are staged once it is created", tables.currentList().file(), t.quoted(),
                        source.endpoint().user());
            } else if (!keyed.contains(t.table())) {
                log.warn("table list {}: source table {} has no primary key: its changes are staged, but binlog_loader"
                        + " pauses the table at its first change (add a primary key on the source)",
                        tables.currentList().file(), t.quoted());
            }
        }
    }

    @Override
    public void watchRetention(BinlogPosition committed) {
        long now = System.currentTimeMillis();
        if (now - retentionCheckedAt < RETENTION_CHECK_MILLIS) {
            return;
        }
        try {
            judgeRetention(committed, ServerInfo.binaryLogs(sourceConnection()));
        } catch (SQLException e) {
            // the check is advice: a failing SHOW BINARY LOGS must not end a working session
            log.debug("binlog retention: SHOW BINARY LOGS failed: {}", e.getMessage());
            closeSource();
            retentionCheckedAt = now;
        }
    }

    private void judgeRetention(BinlogPosition at, List<BinlogFile> files) {
        long now = System.currentTimeMillis();
        retentionCheckedAt = now;
        BinlogRetention.Verdict v = BinlogRetention.judge(at.file(), files, Integer.MAX_VALUE);
        if (v.kind() != BinlogRetention.Kind.UNKNOWN) {
            Metrics.BINLOG_FILES_BEFORE_MINER.set(v.olderFiles());
        }
        BinlogRetention.Note note = retention.observe(at, files, now);
        if (note != null && note.warning()) {
            log.warn("{}", note.text());
        } else if (note != null) {
            log.info("{}", note.text());
        }
    }

    @Override
    public SchemaRegistry.Builder schemaBuilder() throws SQLException {
        Connection c = sourceConnection();
        if (charsets == null) {
            charsets = new CharsetNames(InformationSchema.loadCollations(c));
        }
        CharsetNames cs = charsets;
        return tm -> TableSchemas.fromTableMap(tm, needsFallback(tm) ? fallback(tm) : null, cs);
    }

    private static boolean needsFallback(TableMapEventData tm) {
        return tm.getEventMetadata() == null || tm.getEventMetadata().getColumnNames() == null
                || tm.getEventMetadata().getColumnNames().size() != tm.getColumnTypes().length;
    }

    private TableSchema fallback(TableMapEventData tm) throws SQLException {
        try {
            return InformationSchema.loadTable(sourceConnection(), tm.getDatabase(), tm.getTable());
        } catch (SQLException e) {
            closeSource();
            return InformationSchema.loadTable(sourceConnection(), tm.getDatabase(), tm.getTable());
        }
    }

    private Connection sourceConnection() throws SQLException {
        if (sourceConn == null || sourceConn.isClosed()) {
            sourceConn = source.open();
        }
        return sourceConn;
    }

    @Override
    public RowImageEncoder encoder() {
        RowEncoder enc = new RowEncoder(charsets == null ? new CharsetNames() : charsets);
        return new RowImageEncoder() {
            @Override
            public String image(TableSchema schema, Serializable[] row, BitSet included) {
                RowEncoder.requireFullImage(schema, included);
                return enc.imageLine(schema, row);
            }

            @Override
            public String key(TableSchema schema, Serializable[] row, BitSet included) {
                RowEncoder.requireFullImage(schema, included);
                return enc.keyLine(schema, row);
            }
        };
    }

    @Override
    public EventDeserializer eventDeserializer() {
        return EventDeserializers.create();
    }

    @Override
    public Predicate<String> stagedTables() {
        return table -> tables.current().contains(new TableId(db, table));
    }

    @Override
    public void tick() {
        tables.poll().ifPresent(change -> log.info("table list: {}", change));
    }

    @Override
    public void endSession() {
        closeSource();
    }

    private void closeSource() {
        if (sourceConn != null) {
            try {
                sourceConn.close();
            } catch (SQLException e) {
                log.debug("source: close: {}", e.getMessage());
            }
            sourceConn = null;
        }
    }
}
