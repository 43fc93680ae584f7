package io.mysql2gp.miner.decode;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@link EventDeserializer} mysql2gp uses for live clients and binlog files alike: the
 * library's defaults, with raw-value row deserializers and our TRANSACTION_PAYLOAD deserializer.
 */
public final class EventDeserializers {
    /** Table maps kept (by table id); MySQL repeats the TABLE_MAP before every row event anyway. */
    static final int TABLE_MAP_CACHE_SIZE = 10_000;

    private EventDeserializers() {}

    /** A new deserializer with its own table-map cache; use one per client or file reader. */
    public static EventDeserializer create() {
        Map<Long, TableMapEventData> tableMaps = new LinkedHashMap<>(128, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, TableMapEventData> eldest) {
                return size() > TABLE_MAP_CACHE_SIZE;
            }
        };
        Map<EventType, EventDataDeserializer> innerMap = defaults();
        innerMap.put(EventType.WRITE_ROWS, new RawWriteRowsDeserializer(tableMaps));
        innerMap.put(EventType.UPDATE_ROWS, new RawUpdateRowsDeserializer(tableMaps));
        innerMap.put(EventType.DELETE_ROWS, new RawDeleteRowsDeserializer(tableMaps));
        innerMap.put(EventType.EXT_WRITE_ROWS,
                new RawWriteRowsDeserializer(tableMaps).setMayContainExtraInformation(true));
        innerMap.put(EventType.EXT_UPDATE_ROWS,
                new RawUpdateRowsDeserializer(tableMaps).setMayContainExtraInformation(true));
        innerMap.put(EventType.EXT_DELETE_ROWS,
                new RawDeleteRowsDeserializer(tableMaps).setMayContainExtraInformation(true));
        innerMap.remove(EventType.TRANSACTION_PAYLOAD); // never nested
        EventDeserializer inner = new EventDeserializer(new EventHeaderV4Deserializer(),
                new NullEventDataDeserializer(), innerMap, tableMaps);

        Map<EventType, EventDataDeserializer> outerMap = new IdentityHashMap<>(innerMap);
        outerMap.put(EventType.TRANSACTION_PAYLOAD, new RawTransactionPayloadDeserializer(inner));
        return new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(),
                outerMap, tableMaps);
    }

    /** The library's own registrations (FORMAT_DESCRIPTION, GTID, GTID_TAGGED, MariaDB events, ...). */
    private static Map<EventType, EventDataDeserializer> defaults() {
        EventDeserializer library = new EventDeserializer();
        Map<EventType, EventDataDeserializer> map = new IdentityHashMap<>();
        for (EventType type : EventType.values()) {
            EventDataDeserializer d = library.getEventDataDeserializer(type);
            if (!(d instanceof NullEventDataDeserializer)) {
                map.put(type, d);
            }
        }
        return map;
    }
}
