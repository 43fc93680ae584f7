package io.mysql2gp.miner.decode;

import com.github.luben.zstd.ZstdInputStream;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;

/**
 * Reads a MySQL 8 TRANSACTION_PAYLOAD event (binlog_transaction_compression) and decodes the events
 * inside it with our own inner {@link EventDeserializer}, which shares the table-map cache and row
 * deserializers of the outer one (the library would decode them with a default deserializer).
 */
public class RawTransactionPayloadDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {
    static final int FIELD_END = 0;
    static final int FIELD_PAYLOAD_SIZE = 1;
    static final int FIELD_COMPRESSION_TYPE = 2;
    static final int FIELD_UNCOMPRESSED_SIZE = 3;
    static final int COMPRESSION_ZSTD = 0;
    static final int COMPRESSION_NONE = 255;

    private final EventDeserializer inner;

    /** {@code inner} decodes the contained events; it must see no FORMAT_DESCRIPTION (inner events carry no checksum). */
    public RawTransactionPayloadDeserializer(EventDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        while (in.available() > 0) {
            int field = in.readPackedInteger();
            if (field == FIELD_END) {
                break;
            }
            int fieldLength = in.readPackedInteger();
            switch (field) {
                case FIELD_PAYLOAD_SIZE -> data.setPayloadSize(in.readPackedInteger());
                case FIELD_COMPRESSION_TYPE -> data.setCompressionType(in.readPackedInteger());
                case FIELD_UNCOMPRESSED_SIZE -> data.setUncompressedSize(in.readPackedLong());
                default -> in.read(fieldLength);
            }
        }
        data.setPayload(in.read(data.getPayloadSize()));
        data.setUncompressedEvents(decode(data));
        return data;
    }

    private ArrayList<Event> decode(TransactionPayloadEventData data) throws IOException {
        InputStream raw = new java.io.ByteArrayInputStream(data.getPayload());
        InputStream plain = switch (data.getCompressionType()) {
            case COMPRESSION_ZSTD -> new ZstdInputStream(raw);
            case COMPRESSION_NONE -> raw;
            default -> throw new IOException("TRANSACTION_PAYLOAD with unsupported compression type "
                    + data.getCompressionType());
        };
        ArrayList<Event> events = new ArrayList<>();
        try (plain) {
            ByteArrayInputStream stream = new ByteArrayInputStream(plain);
            for (Event e = inner.nextEvent(stream); e != null; e = inner.nextEvent(stream)) {
                events.add(e);
            }
        }
        return events;
    }
}
