package io.mysql2gp.loader.bench;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.miner.decode.EventDeserializers;
import io.mysql2gp.miner.decode.RowEncoder;
import io.mysql2gp.miner.decode.TableSchemas;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads binlog files with the library alone (our deserializers, no network, no staging), optionally encoding rows. */
final class LibraryRate {
    /** One pass: events, rows, bytes and the elapsed time. */
    record Pass(long events, long rows, long bytes, long nanos, long checksum) {
        double rowsPerSecond() {
            return rows * 1e9 / nanos;
        }

        double eventsPerSecond() {
            return events * 1e9 / nanos;
        }

        double megabytesPerSecond() {
            return bytes * 1e9 / nanos / (1 << 20);
        }
    }

    private LibraryRate() {}

    /** The best of {@code passes} passes over {@code files} (the first ones warm the JIT and the page cache). */
    static Pass best(List<File> files, boolean encode, int passes) throws IOException {
        Pass best = null;
        for (int i = 0; i < passes; i++) {
            Pass p = pass(files, encode);
            if (best == null || p.nanos() < best.nanos()) {
                best = p;
            }
        }
        return best;
    }

    static Pass pass(List<File> files, boolean encode) throws IOException {
        long events = 0;
        long rows = 0;
        long bytes = 0;
        long checksum = 0;
        CharsetNames charsets = new CharsetNames();
        RowEncoder encoder = new RowEncoder(charsets);
        Map<Long, TableSchema> schemas = new HashMap<>();
        long start = System.nanoTime();
        for (File f : files) {
            bytes += f.length();
            try (BinaryLogFileReader reader = new BinaryLogFileReader(f, EventDeserializers.create())) {
                for (Event e = reader.readEvent(); e != null; e = reader.readEvent()) {
                    events++;
                    if (e.getData() instanceof WriteRowsEventData w) {
                        rows += w.getRows().size();
                        if (encode) {
                            TableSchema schema = schemas.get(w.getTableId());
                            for (Serializable[] row : w.getRows()) {
                                checksum += encoder.imageLine(schema, row).length();
                                checksum += encoder.keyLine(schema, row).length();
                            }
                        }
                    } else if (encode && e.getData() instanceof TableMapEventData tm) {
                        schemas.computeIfAbsent(tm.getTableId(), id -> TableSchemas.fromTableMap(tm, null, charsets));
                    }
                }
            }
        }
        return new Pass(events, rows, bytes, System.nanoTime() - start, checksum);
    }
}
