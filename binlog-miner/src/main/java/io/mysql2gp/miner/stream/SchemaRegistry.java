package io.mysql2gp.miner.stream;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each staged table map a {@link TableSchema} and a staging {@code schema_id}: reuses the id
 * of an identical stored version, registers a new version (through the sink) otherwise. Cached per
 * binlog table id; dropped for a table when DDL on it passes by.
 */
public final class SchemaRegistry {
    /** Builds the schema of a table map (binlog metadata, else information_schema). */
    @FunctionalInterface
    public interface Builder {
        TableSchema build(TableMapEventData tableMap) throws Exception;
    }

    /** A resolved table map. */
    public record Resolved(int schemaId, TableSchema schema) {}

    private record Cached(TableMapEventData tableMap, Resolved resolved) {}

    private final Builder builder;
    private final Map<Integer, TableSchema> versions;
    private final Map<Long, Cached> byTableId = new HashMap<>();
    private int nextId;

    public SchemaRegistry(Map<Integer, TableSchema> stored, Builder builder) {
        this.builder = builder;
        this.versions = new LinkedHashMap<>(stored);
        this.nextId = stored.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    public Resolved resolve(TableMapEventData tm, BinlogPosition at, ChangeSink sink) throws Exception {
        Cached c = byTableId.get(tm.getTableId());
        if (c != null && sameShape(c.tableMap(), tm)) {
            return c.resolved();
        }
        TableSchema schema = builder.build(tm);
        Resolved r = register(schema, at, sink);
        byTableId.put(tm.getTableId(), new Cached(tm, r));
        return r;
    }

    private Resolved register(TableSchema schema, BinlogPosition at, ChangeSink sink) throws InterruptedException {
        Integer found = null;
        for (Map.Entry<Integer, TableSchema> e : versions.entrySet()) {
            if (e.getValue().equals(schema)) {
                found = e.getKey();
            }
        }
        if (found == null) {
            found = nextId++;
            versions.put(found, schema);
            sink.schema(found, schema, at);
        }
        return new Resolved(found, schema);
    }

    /** The newest schema id known for {@code table} in {@code db}, or 0. */
    public int latestId(String db, String table) {
        int id = 0;
        for (Map.Entry<Integer, TableSchema> e : versions.entrySet()) {
            if (e.getValue().id().db().equals(db) && e.getValue().id().table().equals(table)) {
                id = Math.max(id, e.getKey());
            }
        }
        return id;
    }

    /** Forgets cached table maps of tables whose names occur in {@code ddl} (case-insensitively). */
    public void invalidateMentioned(String ddl) {
        String lower = ddl.toLowerCase(java.util.Locale.ROOT);
        byTableId.values().removeIf(c -> lower.contains(c.resolved().schema().id().table().toLowerCase(java.util.Locale.ROOT)));
    }

    private static boolean sameShape(TableMapEventData a, TableMapEventData b) {
        return a.getTable().equals(b.getTable()) && a.getDatabase().equals(b.getDatabase())
                && Arrays.equals(a.getColumnTypes(), b.getColumnTypes())
                && Arrays.equals(a.getColumnMetadata(), b.getColumnMetadata());
    }
}
