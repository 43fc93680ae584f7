package io.mysql2gp.miner.decode;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/** The library's WRITE_ROWS deserializer with temporal and string cells read as exact raw values ({@link RawCells}). */
public class RawWriteRowsDeserializer extends WriteRowsEventDataDeserializer {
    public RawWriteRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
        super(tableMapEventByTableId);
    }

    @Override
    protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
            throws IOException {
        Serializable raw = RawCells.read(type, meta, length, in);
        return raw != RawCells.NOT_HANDLED ? raw : super.deserializeCell(type, meta, length, in);
    }
}
