package io.mysql2gp.miner.decode;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared recorded MySQL binlogs (system property {@code mysql2gp.fixtures}) with our deserializer. */
final class RecordedBinlogs {
    private RecordedBinlogs() {}

    static File file(String name) {
        String dir = System.getProperty("mysql2gp.fixtures");
        assumeTrue(dir != null && new File(dir).isDirectory(), "recorded binlog fixtures not available");
        File f = new File(dir, name);
        assumeTrue(f.isFile(), "fixture " + name + " not available");
        return f;
    }

    /** The top-level events of a file. */
    static List<Event> read(String name) {
        List<Event> events = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(file(name), EventDeserializers.create())) {
            for (Event e = reader.readEvent(); e != null; e = reader.readEvent()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The events of a file with the contents of TRANSACTION_PAYLOAD events in place of the payload events. */
    static List<Event> readFlat(String name) {
        List<Event> flat = new ArrayList<>();
        for (Event e : read(name)) {
            if (e.getData() instanceof TransactionPayloadEventData p) {
                flat.addAll(p.getUncompressedEvents());
            } else {
                flat.add(e);
            }
        }
        return flat;
    }
}
