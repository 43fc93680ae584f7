package io.mysql2gp.miner.stream;

import io.mysql2gp.common.text.CopyText;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.model.TableId;
import java.io.Serializable;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the binlog event stream (MySQL and MariaDB shapes, compressed transaction payloads),
 * keeps the current position, and hands the row changes of staged tables to a {@link ChangeSink}
 * framed by source transaction boundaries. Pure: no socket, no JDBC.
 */
public final class TransactionTracker {
    private static final Logger log = LoggerFactory.getLogger(TransactionTracker.class);
    private static final Pattern TRUNCATE = Pattern.compile(
            "^\\s*truncate\\s+(?:table\\s+)?(?:`?([^`.\\s]+)`?\\s*\\.\\s*)?`?([^`\\s;]+)`?\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** Events that carry nothing we need and may legitimately come without decoded data. */
    private static final Set<EventType> HARMLESS = EnumSet.of(EventType.FORMAT_DESCRIPTION, EventType.HEARTBEAT,
            EventType.HEARTBEAT_V2, EventType.PREVIOUS_GTIDS, EventType.ROWS_QUERY, EventType.ANNOTATE_ROWS,
            EventType.BINLOG_CHECKPOINT, EventType.MARIADB_GTID_LIST, EventType.IGNORABLE, EventType.INTVAR,
            EventType.RAND, EventType.USER_VAR, EventType.STOP, EventType.TRANSACTION_CONTEXT,
            EventType.VIEW_CHANGE, EventType.ANONYMOUS_GTID, EventType.GTID, EventType.GTID_TAGGED,
            EventType.MARIADB_GTID);

    private final String db;
    private final Predicate<String> stagedTable;
    private final SchemaRegistry schemas;
    private final RowImageEncoder encoder;
    private final ChangeSink sink;

    private String file;
    private String gtid;
    private boolean inTxn;
    /** The last position handed to {@link ChangeSink#commit}. */
    private String committedFile;
    private long committedPos;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private final Map<Long, SchemaRegistry.Resolved> staged = new HashMap<>();

    /**
     * @param db          the configured source database
     * @param stagedTable whether a table of {@code db} is listed (asked per table map, so list edits apply)
     * @param start       the position streaming starts at
     */
    public TransactionTracker(String db, Predicate<String> stagedTable, SchemaRegistry schemas,
            RowImageEncoder encoder, ChangeSink sink, BinlogPosition start) {
        this.db = db;
        this.stagedTable = stagedTable;
        this.schemas = schemas;
        this.encoder = encoder;
        this.sink = sink;
        this.file = start.file();
        this.gtid = start.gtid();
        this.committedFile = start.file();
        this.committedPos = start.position();
    }

    public String currentFile() {
        return file;
    }

    public boolean inTransaction() {
        return inTxn;
    }

    /** Handles one event as read from the binlog (top level). */
    public void onEvent(Event event) throws InterruptedException {
        EventHeaderV4 h = event.getHeader();
        handle(event, h.getEventType(), h.getPosition(), h.getNextPosition(), h.getTimestamp());
    }

    private void handle(Event event, EventType type, long start, long next, long ts) throws InterruptedException {
        Object data = event.getData();
        switch (type) {
            case HEARTBEAT -> onHeartbeat(next);
            case ROTATE -> onRotate((RotateEventData) data, ts);
            case GTID, GTID_TAGGED -> gtid = data instanceof GtidTaggedEventData t ? t.getGtid()
                    : ((GtidEventData) data).getGtid();
            case MARIADB_GTID -> {
                MariadbGtidEventData g = (MariadbGtidEventData) data;
                gtid = g.getDomainId() + "-" + event.getHeader().getServerId() + "-" + g.getSequence();
                if ((g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0) {
                    inTxn = true;
                }
            }
            case QUERY -> onQuery((QueryEventData) data, next, ts);
            case TABLE_MAP -> onTableMap((TableMapEventData) data, start);
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = (WriteRowsEventData) data;
                SchemaRegistry.Resolved r = stagedTarget(d.getTableId(), start);
                if (r != null) {
                    for (Serializable[] row : d.getRows()) {
                        emit(r, Op.INSERT, null, null, row, d.getIncludedColumns(), start, ts);
                    }
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = (UpdateRowsEventData) data;
                SchemaRegistry.Resolved r = stagedTarget(d.getTableId(), start);
                if (r != null) {
                    for (Map.Entry<Serializable[], Serializable[]> e : d.getRows()) {
                        emit(r, Op.UPDATE, e.getKey(), d.getIncludedColumnsBeforeUpdate(), e.getValue(),
                                d.getIncludedColumns(), start, ts);
                    }
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = (DeleteRowsEventData) data;
                SchemaRegistry.Resolved r = stagedTarget(d.getTableId(), start);
                if (r != null) {
                    for (Serializable[] row : d.getRows()) {
                        emit(r, Op.DELETE, row, d.getIncludedColumns(), null, null, start, ts);
                    }
                }
            }
            case XID, XA_PREPARE -> commit(next, ts);
            case TRANSACTION_PAYLOAD -> {
                // inner events have no position of their own: they all sit at the payload event
                for (Event inner : ((TransactionPayloadEventData) data).getUncompressedEvents()) {
                    EventType it = inner.getHeader().getEventType();
                    if (it == EventType.XID) {
                        commit(next, ts);
                    } else {
                        handle(inner, it, start, next, ts);
                    }
                }
            }
            case INCIDENT -> throw new FatalStreamException("the source wrote an INCIDENT event at " + at(start)
                    + ": events may be missing from its binlog; re-sync the tables and reset the task");
            default -> {
                if (data == null && !HARMLESS.contains(type)) {
                    if (inTxn) {
                        throw new FatalStreamException("unsupported binlog event " + type + " inside a transaction at "
                                + at(start) + " (partial JSON updates or compressed row events?): refusing to skip it;"
                                + " set binlog_row_value_options='' / log_bin_compress=OFF on the source");
                    }
                    log.warn("stream: skipped binlog event {} without data at {}", type, at(start));
                }
            }
        }
    }

    /**
     * A move to a later file (the source rotated or restarted) is a position advance of its own: without
     * it an idle source would leave the stored position in the old file, which then looks behind, near
     * purge, or purged. The rotate to the start file at connect names the current file and changes nothing.
     */
    private void onRotate(RotateEventData r, long ts) throws InterruptedException {
        String next = r.getBinlogFilename();
        boolean later = !file.isEmpty() && BinlogPosition.compareFileNames(next, file) > 0;
        file = next;
        if (later && !inTxn) {
            commit(r.getBinlogPosition(), ts);
        }
    }

    /**
     * A heartbeat comes when the source has sent everything up to {@code next} in the current file; events
     * after the last commit there (format description, checkpoints, GTID lists of a new file) hold no rows,
     * so the stored position may move up to it and shows the miner caught up. HEARTBEAT_V2 carries 0 here.
     */
    private void onHeartbeat(long next) throws InterruptedException {
        if (!inTxn && next > 0 && file.equals(committedFile) && next > committedPos) {
            commit(next, 0);
        }
    }

    private void onQuery(QueryEventData q, long next, long ts) throws InterruptedException {
        String sql = q.getSql().trim();
        String upper = sql.length() > 16 ? sql.substring(0, 16).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
            inTxn = true;
            return;
        }
        if (upper.equals("COMMIT") || upper.equals("ROLLBACK") || upper.startsWith("XA END")) {
            // a ROLLBACK in the binlog ends a group of non-transactional changes that did happen
            commit(next, ts);
            return;
        }
        if (upper.startsWith("XA COMMIT") || upper.startsWith("XA ROLLBACK") || upper.startsWith("SAVEPOINT")
                || upper.startsWith("ROLLBACK TO")) {
            if (!inTxn) {
                commit(next, ts);
            }
            return;
        }
        onDdl(q, sql, next, ts);
    }

    private void onDdl(QueryEventData q, String sql, long next, long ts) throws InterruptedException {
        String queryDb = q.getDatabase();
        boolean insideTxn = inTxn;
        if (insideTxn) {
            // not expected with binlog_format=ROW; never let it cut a transaction short
            log.warn("stream: statement inside a transaction at {} (database {}): {}", at(next), queryDb,
                    isTableDdl(sql) ? abbreviate(sql) : "(text not logged: statements other than table DDL may hold"
                            + " passwords)");
        }
        Matcher m = TRUNCATE.matcher(sql);
        if (m.matches()) {
            String tdb = m.group(1) != null ? m.group(1) : queryDb;
            String table = m.group(2);
            if (db.equals(tdb) && stagedTable.test(table)) {
                log.info("stream: TRUNCATE of staged table {} at {}", new TableId(db, table), at(next));
                inTxn = true;
                sink.row(new StagedRow(table, schemas.latestId(db, table), Op.TRUNCATE, null, null, null, file, next, ts));
            }
        } else if (isTableDdl(sql) && mentionsStaged(sql)) {
            // only DDL on staged tables is logged: other statements (CREATE USER ...) may hold secrets
            log.info("stream: DDL on a staged table of {} at {}: {}", db, at(next), abbreviate(sql));
            if (DROP_OR_RENAME.matcher(sql).lookingAt() && db.equals(queryDb)) {
                // the loader pauses such a table with this statement as the reason
                for (String table : stagedTablesIn(sql)) {
                    inTxn = true;
                    sink.row(new StagedRow(table, schemas.latestId(db, table), Op.DROP_OR_RENAME, null, null,
                            CopyText.escape(abbreviate(sql)), file, next, ts));
                }
            }
            schemas.invalidateMentioned(sql);
            staged.clear();
        }
        if (!insideTxn) {
            commit(next, ts);
        }
    }

    /** Separators between keywords: white space and comments. */
    private static final String SEP = "(?:\\s|/\\*.*?\\*/)+";
    /**
     * A statement on tables: the verb, optional modifiers, then TABLE itself (not merely the word
     * "table" somewhere, which a password in CREATE USER ... IDENTIFIED BY '...' may hold).
     */
    private static final Pattern TABLE_DDL = Pattern.compile("^(?:\\s|/\\*.*?\\*/)*(?:alter|drop|rename|create|truncate)"
            + SEP + "(?:(?:or" + SEP + "replace|temporary|online|offline|ignore)" + SEP + ")*tables?\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DROP_OR_RENAME = Pattern.compile("^(?:\\s|/\\*.*?\\*/)*(?:drop" + SEP
            + "(?:temporary" + SEP + ")?tables?|rename" + SEP + "tables?|alter" + SEP + "(?:online" + SEP + "|ignore" + SEP
            + ")*table" + SEP + "\\S+" + SEP + "rename\\b)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("`((?:[^`]|``)+)`|([\\p{L}\\p{N}_$]+)");

    /** Whether {@code sql} is a statement on tables (ALTER/CREATE/DROP/RENAME/TRUNCATE TABLE); only those are logged. */
    static boolean isTableDdl(String sql) {
        return TABLE_DDL.matcher(sql).lookingAt();
    }

    /** The staged tables an identifier of the statement names, each once. */
    private java.util.Set<String> stagedTablesIn(String sql) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(sql);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1).replace("``", "`") : m.group(2);
            if (stagedTable.test(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Whether any identifier in the statement names a staged table (a false positive only costs a refresh). */
    private boolean mentionsStaged(String sql) {
        Matcher m = IDENTIFIER.matcher(sql);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1).replace("``", "`") : m.group(2);
            if (stagedTable.test(name)) {
                return true;
            }
        }
        return false;
    }

    private void onTableMap(TableMapEventData tm, long start) throws InterruptedException {
        tableMaps.put(tm.getTableId(), tm);
        staged.remove(tm.getTableId());
        if (!db.equals(tm.getDatabase()) || !stagedTable.test(tm.getTable())) {
            return;
        }
        try {
            staged.put(tm.getTableId(), schemas.resolve(tm, new BinlogPosition(file, start, null), sink));
        } catch (InterruptedException e) {
            throw e;
        } catch (FatalStreamException e) {
            throw e;
        } catch (Exception e) {
            throw new FatalStreamException("cannot work out the columns of staged table " + new TableId(tm.getDatabase(),
                    tm.getTable()) + " at " + at(start) + ": " + e.getMessage(), e);
        }
    }

    private SchemaRegistry.Resolved stagedTarget(long tableId, long start) {
        if (!tableMaps.containsKey(tableId)) {
            throw new FatalStreamException("row event for unknown table id " + tableId + " at " + at(start)
                    + " (no TABLE_MAP before it)");
        }
        return staged.get(tableId);
    }

    private void emit(SchemaRegistry.Resolved r, Op op, Serializable[] before, BitSet beforeCols, Serializable[] after,
            BitSet afterCols, long start, long ts) throws InterruptedException {
        String keyOld = before == null ? null : encoder.key(r.schema(), before, beforeCols);
        String keyNew = after == null ? null : encoder.key(r.schema(), after, afterCols);
        String rowNew = after == null ? null : encoder.image(r.schema(), after, afterCols);
        inTxn = true;
        sink.row(new StagedRow(r.schema().id().table(), r.schemaId(), op, keyOld, keyNew, rowNew, file, start, ts));
    }

    private void commit(long next, long ts) throws InterruptedException {
        inTxn = false;
        committedFile = file;
        committedPos = next;
        sink.commit(new BinlogPosition(file, next, gtid), ts);
    }

    private String at(long pos) {
        return file + ":" + pos;
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
