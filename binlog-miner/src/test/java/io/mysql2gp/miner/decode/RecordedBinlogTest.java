package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding of real MySQL 8/9 binlogs (see /work/shared/fixtures/binlog/README.md for what each holds). */
class RecordedBinlogTest {
    private final CharsetNames charsets = new CharsetNames();
    private final RowEncoder encoder = new RowEncoder(charsets);

    @Test
    void binaryJsonDocumentsOfTheInsertsDecodeToMysqlText() {
        List<Event> events = RecordedBinlogs.read("rmc-json.binlog.000001");
        TableSchema schema = schema(tableMap(events), fallback("mysql", "t", List.of("id", "json_col", "name", "age")));
        List<String> lines = new ArrayList<>();
        for (Serializable[] row : writtenRows(events)) {
            lines.add(encoder.imageLine(schema, row));
        }
        assertThat(lines).containsExactly(
                "1\t{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}\tJoe\t24",
                "2\t{\"age\": 32, \"data\": \"yyyyyyyyyy\", \"name\": \"Sue\"}\tSue\t32",
                "3\t{\"age\": 40, \"data\": \"zzzzzzzzzz\", \"name\": \"Pete\"}\tPete\t40",
                "4\t{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}\tJoe\t24",
                "5\t{\"age\": 32, \"data\": \"yyyyyyyyyy\", \"name\": \"Sue\"}\tSue\t32",
                "6\t{\"age\": 40, \"data\": \"zzzzzzzzzz\", \"name\": \"Pete\"}\tPete\t40");
        UpdateRowsEventData update = (UpdateRowsEventData) events.stream()
                .filter(e -> e.getData() instanceof UpdateRowsEventData).findFirst().orElseThrow().getData();
        assertThat(encoder.imageLine(schema, update.getRows().get(0).getValue()))
                .isEqualTo("1\t{\"age\": 25, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}\tJoe\t25");
    }

    @Test
    void partialUpdateRowsEventShowsUpAsType39WithoutData() {
        List<Event> events = RecordedBinlogs.read("rmc-json.binlog.000001");
        List<Event> partial = events.stream()
                .filter(e -> e.getHeader().getEventType() == EventType.PARTIAL_UPDATE_ROWS_EVENT).toList();
        assertThat(partial).hasSize(1);
        assertThat((Object) partial.get(0).getData()).isNull();
        assertThat(((EventHeaderV4) partial.get(0).getHeader()).getPosition()).isEqualTo(3750);
    }

    @Test
    void compressedTransactionIsDecodedWithOurDeserializers() {
        List<Event> top = RecordedBinlogs.read("rmc-transaction_compression.000001");
        assertThat(top).extracting(e -> e.getHeader().getEventType()).containsExactly(EventType.FORMAT_DESCRIPTION,
                EventType.PREVIOUS_GTIDS, EventType.ANONYMOUS_GTID, EventType.TRANSACTION_PAYLOAD, EventType.ROTATE);
        TransactionPayloadEventData payload = (TransactionPayloadEventData) top.get(3).getData();
        assertThat(payload.getUncompressedEvents()).extracting(e -> e.getHeader().getEventType())
                .containsExactly(EventType.QUERY, EventType.TABLE_MAP, EventType.EXT_WRITE_ROWS, EventType.XID);
        List<Event> inner = payload.getUncompressedEvents();
        TableMapEventData tm = (TableMapEventData) inner.get(1).getData();
        assertThat(tm.getDatabase() + "." + tm.getTable()).isEqualTo("test.tb1");
        TableSchema schema = schema(tm, fallback("test", "tb1", List.of("c1")));
        WriteRowsEventData write = (WriteRowsEventData) inner.get(2).getData();
        assertThat(write.getRows()).hasSize(1);
        assertThat(encoder.imageLine(schema, write.getRows().get(0))).isEqualTo("1");
    }

    @Test
    void compressedUpdateOfMoviesRowDecodesBothImages() {
        List<Event> top = RecordedBinlogs.read("mbcj-mysql-bin.compressed");
        assertThat(top).hasSize(5);
        Event payloadEvent = top.get(3);
        assertThat(((EventHeaderV4) payloadEvent.getHeader()).getPosition()).isEqualTo(236);
        assertThat(((EventHeaderV4) payloadEvent.getHeader()).getNextPosition()).isEqualTo(724);
        TransactionPayloadEventData payload = (TransactionPayloadEventData) payloadEvent.getData();
        assertThat(payload.getCompressionType()).isZero();
        assertThat(payload.getPayloadSize()).isEqualTo(451);
        assertThat(payload.getUncompressedSize()).isEqualTo(960);
        List<Event> inner = payload.getUncompressedEvents();
        assertThat(inner).extracting(e -> e.getHeader().getEventType())
                .containsExactly(EventType.QUERY, EventType.TABLE_MAP, EventType.EXT_UPDATE_ROWS, EventType.XID);
        List<String> names = List.of("id", "title", "year", "country", "genres", "actors", "directors", "composers",
                "screenwriters", "cinematographer", "production_companies");
        TableSchema schema = schema((TableMapEventData) inner.get(1).getData(), fallback("demo", "movies", names));
        assertThat(schema.columns()).extracting(ColumnDef::type).containsExactly(MysqlType.INT, MysqlType.VARCHAR,
                MysqlType.INT, MysqlType.VARCHAR, MysqlType.VARCHAR, MysqlType.VARCHAR, MysqlType.VARCHAR,
                MysqlType.VARCHAR, MysqlType.VARCHAR, MysqlType.VARCHAR, MysqlType.VARCHAR);
        Map.Entry<Serializable[], Serializable[]> row = ((UpdateRowsEventData) inner.get(2).getData()).getRows().get(0);
        String before = encoder.imageLine(schema, row.getKey());
        String after = encoder.imageLine(schema, row.getValue());
        assertThat(before).startsWith("1\tOnce Upon a Time in the West\t1968\tItaly\tWestern\tClaudia Cardinale|");
        assertThat(before).endsWith("\tTonino Delli Colli\tParamount Pictures");
        assertThat(after).isEqualTo(before.replace("\tWestern\t", "\tWestern|Action\t"));
    }

    @Test
    void apecloudRowsInsideCompressedTransactionsDecodeEveryColumnType() {
        List<Event> top = RecordedBinlogs.read("apecloud-mysql-bin.000057");
        assertThat(top).hasSize(8);
        List<Event> flat = RecordedBinlogs.readFlat("apecloud-mysql-bin.000057");
        TableMapEventData tm = flat.stream().filter(e -> e.getData() instanceof TableMapEventData t
                && t.getTable().equals("test_table_3")).map(e -> (TableMapEventData) e.getData()).findFirst().orElseThrow();
        List<ColumnDef> cols = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cols.add(col("c" + i, MysqlType.UNKNOWN, null, List.of()));
        }
        // the table definition is not in the file: labels chosen so ENUM index 4 and SET bits 4/8 are named
        cols.set(6, col("enum_field", MysqlType.ENUM, "utf8mb3", List.of("x-small", "small", "medium", "large")));
        cols.set(7, col("set_field", MysqlType.SET, "utf8mb3", List.of("a", "b", "c", "d")));
        TableSchema schema = TableSchemas.fromTableMap(tm,
                new TableSchema(new TableId("a", "test_table_3"), cols, List.of(0)), charsets);
        assertThat(schema.columns().get(8).type()).isEqualTo(MysqlType.BINARY);
        assertThat(schema.columns().get(8).length()).isEqualTo(3);
        assertThat(schema.columns().get(2).type()).isEqualTo(MysqlType.DATE);
        assertThat(schema.columns().get(5).type()).isEqualTo(MysqlType.TIMESTAMP);
        assertThat(schema.columns().get(9).type()).isEqualTo(MysqlType.JSON);

        Map.Entry<Serializable[], Serializable[]> update = flat.stream()
                .filter(e -> e.getData() instanceof UpdateRowsEventData)
                .map(e -> ((UpdateRowsEventData) e.getData()).getRows().get(0)).findFirst().orElseThrow();
        List<String> before = fields(encoder.imageLine(schema, update.getKey()));
        List<String> after = fields(encoder.imageLine(schema, update.getValue()));
        assertThat(before.subList(0, 10)).containsExactly("55555", "product_item_value_2", "2022-11-20", "111",
                "description_1", "2022-11-20 13:40:30+00", "large", "d", "\\x623300", "{\"c\": 1}");
        assertThat(after.get(6)).isEqualTo("large");
        assertThat(after.get(7)).isEqualTo("c");
        assertThat(before.get(10)).isEqualTo("product_item_2_value");
        assertThat(after.get(10)).isEqualTo("product_3_value");
        assertThat(encoder.keyLine(schema, update.getValue())).isEqualTo("55555");

        Serializable[] inserted = flat.stream().filter(e -> e.getData() instanceof WriteRowsEventData w
                        && w.getRows().get(0)[0].equals(6666))
                .map(e -> ((WriteRowsEventData) e.getData()).getRows().get(0)).findFirst().orElseThrow();
        List<String> ins = fields(encoder.imageLine(schema, inserted));
        assertThat(ins.get(2)).isEqualTo("2022-11-20");
        assertThat(ins.get(5)).isEqualTo("2022-11-20 13:53:32+00");
        assertThat(ins.get(6)).isEqualTo("large");
        assertThat(ins.get(7)).isEqualTo("d");
        assertThat(ins.get(8)).isEqualTo("\\x623300");
        assertThat(ins.get(9)).isEqualTo("{\"c\": 1}");
    }

    @Test
    void fullMetadataGivesNamesAndEnumSetLabels() {
        List<Event> events = RecordedBinlogs.read("rmc-mysql-enum-string-set.000001");
        TableSchema schema = TableSchemas.fromTableMap(tableMap(events), null, charsets);
        assertThat(schema.columnNames()).containsExactly("f1", "f2", "f3", "f4", "f5");
        assertThat(schema.columns()).extracting(ColumnDef::type).containsExactly(MysqlType.CHAR, MysqlType.VARCHAR,
                MysqlType.ENUM, MysqlType.SET, MysqlType.TEXT);
        assertThat(schema.columns().get(0).length()).isEqualTo(128);
        assertThat(schema.columns().get(1).length()).isEqualTo(300);
        assertThat(schema.columns().get(2).labels()).containsExactly("var1", "variant2", "foo");
        assertThat(schema.columns().get(3).labels()).containsExactly("one", "two", "three", "four");
        assertThat(schema.hasPrimaryKey()).isFalse();

        String digits100 = "0123456789".repeat(10);
        List<String> inserted = fields(encoder.imageLine(schema, writtenRows(events).get(0)));
        assertThat(inserted.get(0)).isEqualTo(digits100);
        assertThat(inserted.get(1)).hasSize(298);
        assertThat(inserted.subList(2, 5)).containsExactly("var1", "one,three", "0123456789");

        Map.Entry<Serializable[], Serializable[]> update = events.stream()
                .filter(e -> e.getData() instanceof UpdateRowsEventData)
                .map(e -> ((UpdateRowsEventData) e.getData()).getRows().get(0)).findFirst().orElseThrow();
        List<String> after = fields(encoder.imageLine(schema, update.getValue()));
        assertThat(after.subList(0, 4)).containsExactly("field1", "field_2", "variant2", "two,four");
        assertThat(after.get(4)).isEqualTo(inserted.get(1));
        // keyless table: the key image is the whole row
        assertThat(encoder.keyLine(schema, update.getKey())).isEqualTo(encoder.imageLine(schema, update.getKey()));

        Serializable[] deleted = events.stream().filter(e -> e.getData() instanceof DeleteRowsEventData)
                .map(e -> ((DeleteRowsEventData) e.getData()).getRows().get(0)).findFirst().orElseThrow();
        assertThat(encoder.imageLine(schema, deleted)).isEqualTo(encoder.imageLine(schema, update.getValue()));
    }

    @Test
    void invisibleColumnsAndUnsignedBigintAreDecoded() {
        List<Event> events = RecordedBinlogs.read("rmc-binlog-invisible-columns.000001");
        TableSchema schema = TableSchemas.fromTableMap(tableMap(events), null, charsets);
        assertThat(schema.columnNames()).containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(schema.columns()).extracting(ColumnDef::unsigned)
                .containsExactly(true, true, false, false, false, true);
        assertThat(schema.columns()).extracting(ColumnDef::type).containsExactly(MysqlType.INT, MysqlType.INT,
                MysqlType.INT, MysqlType.TEXT, MysqlType.BLOB, MysqlType.BIGINT);
        List<String> lines = writtenRows(events).stream().map(r -> encoder.imageLine(schema, r)).toList();
        assertThat(lines).containsExactly("1\t2\t-3\t4\t\\\\x05\t6000000000", "\\N\t\\N\t-33\t44\t\\\\x55\t\\N");
        Map.Entry<Serializable[], Serializable[]> update = events.stream()
                .filter(e -> e.getData() instanceof UpdateRowsEventData)
                .map(e -> ((UpdateRowsEventData) e.getData()).getRows().get(0)).findFirst().orElseThrow();
        assertThat(encoder.imageLine(schema, update.getValue())).isEqualTo("111\t222\t-333\t444\t\\\\x55\t\\N");
    }

    @Test
    void minimalRowImageIsRefusedButItsUnsignedValueIsMasked() {
        List<Event> events = RecordedBinlogs.read("rmc-minimal_row_metadata.000001");
        TableMapEventData tm = tableMap(events);
        TableSchema schema = schema(tm, fallback("noria", "t1", List.of("a", "b", "c", "d", "e")));
        assertThat(schema.columns().get(2).charset()).isEqualTo("utf8mb4");
        assertThat(schema.columns().get(1).type()).isEqualTo(MysqlType.BLOB);
        assertThat(schema.columns().get(4).unsigned()).isTrue();
        WriteRowsEventData write = (WriteRowsEventData) events.stream()
                .filter(e -> e.getData() instanceof WriteRowsEventData).findFirst().orElseThrow().getData();
        Serializable[] row = write.getRows().get(0);
        assertThat(row).hasSize(3);
        assertThatThrownBy(() -> RowEncoder.requireFullImage(schema, write.getIncludedColumns()))
                .isInstanceOf(PartialRowImageException.class).hasMessageContaining("noria.t1")
                .hasMessageContaining("3 of 5");
        assertThatThrownBy(() -> encoder.imageLine(schema, row)).isInstanceOf(PartialRowImageException.class);
        ValueEncoder values = new ValueEncoder(charsets);
        assertThat(values.encode(schema.columns().get(4), row[2])).isEqualTo("3230202323");
        assertThat(values.encode(schema.columns().get(2), row[1])).isEqualTo("a");
    }

    @Test
    void negativeTimeIsExact() {
        List<Event> events = RecordedBinlogs.read("rmc-time_issue.000001");
        TableSchema schema = schema(tableMap(events), fallback("noria", "t", List.of("t")));
        assertThat(schema.columns().get(0).type()).isEqualTo(MysqlType.TIME);
        assertThat(encoder.imageLine(schema, writtenRows(events).get(0))).isEqualTo("-507:48:27");
    }

    @Test
    void jsonOpaqueScalarsRenderAsMysqlPrintsThem() {
        List<Event> events = RecordedBinlogs.read("rmc-json-opaque.binlog");
        TableSchema schema = TableSchemas.fromTableMap(tableMap(events), null, charsets);
        assertThat(writtenRows(events).stream().map(r -> encoder.imageLine(schema, r))).containsExactly(
                "{\"a\": \"base64:type15:VQ==\"}",
                "{\"b\": \"2012-03-18\"}",
                "{\"c\": \"2012-03-18 11:30:45.000000\"}",
                "{\"c\": \"87:31:46.654321\"}",
                "{\"d\": 123.456}",
                "{\"e\": 9.00}",
                "{\"e\": [0, 1, true, false]}",
                "{\"e\": null}");
    }

    @Test
    void taggedGtidEventIsRecognised() {
        List<Event> events = RecordedBinlogs.read("rmc-binlog_transaction_with_GTID_TAG.000001");
        assertThat(events).extracting(e -> e.getHeader().getEventType()).doesNotContain(EventType.UNKNOWN)
                .contains(EventType.GTID_TAGGED);
        GtidTaggedEventData gtid = (GtidTaggedEventData) events.stream()
                .filter(e -> e.getHeader().getEventType() == EventType.GTID_TAGGED).findFirst().orElseThrow().getData();
        assertThat(gtid.toString()).contains("mytag");
        TableSchema schema = schema(tableMap(events), fallback("test", "orders", List.of("id", "qty", "amount")));
        assertThat(encoder.imageLine(schema, writtenRows(events).get(0))).isEqualTo("3\t100\t250.00");
    }

    @Test
    void noRecordedFileHasUnknownEventsOrUndecodedRows() {
        for (String name : List.of("rmc-transaction_compression.000001", "mbcj-mysql-bin.compressed",
                "apecloud-mysql-bin.000057", "rmc-mysql-enum-string-set.000001", "rmc-binlog-invisible-columns.000001",
                "rmc-minimal_row_metadata.000001", "rmc-time_issue.000001", "rmc-json-opaque.binlog",
                "rmc-binlog_transaction_with_GTID_TAG.000001")) {
            for (Event e : RecordedBinlogs.readFlat(name)) {
                assertThat(e.getHeader().getEventType()).as(name).isNotEqualTo(EventType.UNKNOWN);
                if (e.getHeader().getEventType().name().contains("ROWS") && !e.getHeader().getEventType()
                        .equals(EventType.ROWS_QUERY)) {
                    assertThat((Object) e.getData()).as(name + " " + e.getHeader()).isNotNull();
                }
            }
        }
    }

    private TableSchema schema(TableMapEventData tm, TableSchema fallback) {
        return TableSchemas.fromTableMap(tm, fallback, charsets);
    }

    private static TableMapEventData tableMap(List<Event> events) {
        return events.stream().filter(e -> e.getData() instanceof TableMapEventData)
                .map(e -> (TableMapEventData) e.getData()).findFirst().orElseThrow();
    }

    private static List<Serializable[]> writtenRows(List<Event> events) {
        List<Serializable[]> rows = new ArrayList<>();
        for (Event e : events) {
            if (e.getData() instanceof WriteRowsEventData w) {
                rows.addAll(w.getRows());
            }
        }
        return rows;
    }

    /** An information_schema-like schema that knows only names (types and charsets then come from the binlog). */
    static TableSchema fallback(String db, String table, List<String> names) {
        List<ColumnDef> cols = names.stream().map(n -> col(n, MysqlType.UNKNOWN, null, List.of())).toList();
        return new TableSchema(new TableId(db, table), cols, List.of());
    }

    static ColumnDef col(String name, MysqlType type, String charset, List<String> labels) {
        return new ColumnDef(name, type, false, 0, 0, 0, charset, labels, true);
    }

    private static List<String> fields(String line) {
        return io.mysql2gp.common.text.CopyText.splitLine(line);
    }
}
