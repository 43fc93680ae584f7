package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table schemas built from TABLE_MAP events, with and without full row metadata. */
class TableSchemasTest {
    private final CharsetNames charsets = new CharsetNames();

    // column type codes and metadata as the library reads them
    private static final int LONG = 3;
    private static final int NEWDECIMAL = 246;
    private static final int STRING = 254;
    private static final int VARCHAR = 15;
    private static final int BLOB = 252;
    private static final int BIT = 16;
    private static final int DATETIME2 = 18;
    private static final int TIME2 = 19;
    private static final int JSON = 245;

    @Test
    void fullMetadataGivesEverythingWithoutInformationSchema() {
        TableMapEventData tm = tableMap(
                new int[] {LONG, NEWDECIMAL, STRING, STRING, VARCHAR, VARCHAR, BLOB, BLOB, STRING, STRING, BIT,
                    DATETIME2, TIME2, JSON},
                new int[] {0, 30 << 8 | 65, 0xFE00 | 40, 0xFE00 | 16, 400, 20, 2, 4, 0xF701, 0xF801, 2 << 8 | 3, 6,
                    3, 4});
        TableMapEventMetadata md = new TableMapEventMetadata();
        md.setColumnNames(List.of("id", "amount", "code", "raw", "name", "bin", "body", "data", "size", "tags",
                "flags", "at", "dur", "doc"));
        md.setSignedness(bits(0));
        TableMapEventMetadata.DefaultCharset def = new TableMapEventMetadata.DefaultCharset();
        def.setDefaultCharsetCollation(45);
        Map<Integer, Integer> exceptions = new LinkedHashMap<>();
        exceptions.put(1, 63); // second character column: raw BINARY(16)
        exceptions.put(2, 8); // third: name VARCHAR latin1
        exceptions.put(3, 63); // bin VARBINARY(20)
        exceptions.put(5, 63); // data BLOB
        def.setCharsetCollations(exceptions);
        md.setDefaultCharset(def);
        md.setEnumStrValues(List.<String[]>of(new String[] {"s", "m", "l"}));
        md.setSetStrValues(List.<String[]>of(new String[] {"a", "b"}));
        md.setSimplePrimaryKeys(List.of(0, 2));
        tm.setEventMetadata(md);

        TableSchema s = TableSchemas.fromTableMap(tm, null, charsets);

        assertThat(s.id()).isEqualTo(new TableId("shop", "orders"));
        assertThat(s.primaryKey()).containsExactly(0, 2);
        assertThat(s.columns()).extracting(ColumnDef::type).containsExactly(MysqlType.INT, MysqlType.DECIMAL,
                MysqlType.CHAR, MysqlType.BINARY, MysqlType.VARCHAR, MysqlType.VARBINARY, MysqlType.TEXT, MysqlType.BLOB,
                MysqlType.ENUM, MysqlType.SET, MysqlType.BIT, MysqlType.DATETIME, MysqlType.TIME, MysqlType.JSON);
        assertThat(s.columns()).extracting(ColumnDef::charset).containsExactly(null, null, "utf8mb4", "binary",
                "latin1", "binary", "utf8mb4", "binary", null, null, null, null, null, null);
        ColumnDef id = s.columns().get(0);
        assertThat(id.unsigned()).isTrue();
        assertThat(s.columns().get(1).typeText()).isEqualTo("decimal(65,30)");
        assertThat(s.columns().get(2).length()).as("CHAR(10) utf8mb4 = 40 bytes").isEqualTo(10);
        assertThat(s.columns().get(3).length()).isEqualTo(16);
        assertThat(s.columns().get(4).length()).as("VARCHAR(400) latin1").isEqualTo(400);
        assertThat(s.columns().get(5).length()).isEqualTo(20);
        assertThat(s.columns().get(8).labels()).containsExactly("s", "m", "l");
        assertThat(s.columns().get(9).labels()).containsExactly("a", "b");
        assertThat(s.columns().get(10).length()).as("BIT(19)").isEqualTo(19);
        assertThat(s.columns().get(11).scale()).isEqualTo(6);
        assertThat(s.columns().get(12).scale()).isEqualTo(3);
    }

    @Test
    void primaryKeyWithPrefixKeepsColumnOrder() {
        TableMapEventData tm = tableMap(new int[] {LONG, BLOB}, new int[] {0, 2});
        TableMapEventMetadata md = new TableMapEventMetadata();
        md.setColumnNames(List.of("a", "b"));
        md.setColumnCharsets(List.of(33));
        Map<Integer, Integer> pk = new LinkedHashMap<>();
        pk.put(1, 10);
        pk.put(0, 0);
        md.setPrimaryKeysWithPrefix(pk);
        tm.setEventMetadata(md);
        TableSchema s = TableSchemas.fromTableMap(tm, null, charsets);
        assertThat(s.primaryKey()).containsExactly(1, 0);
        assertThat(s.columns().get(1).charset()).isEqualTo("utf8mb3");
        assertThat(s.columns().get(1).type()).isEqualTo(MysqlType.TEXT);
    }

    @Test
    void longCharLengthIsTakenFromTheTypeByteBits() {
        // CHAR(255) utf8mb4 = 1020 bytes: 0x3FC, the high bits 0x300 stored inverted in the type byte (0xCE)
        TableMapEventData tm = tableMap(new int[] {STRING}, new int[] {0xCEFC});
        TableMapEventMetadata md = new TableMapEventMetadata();
        md.setColumnNames(List.of("c"));
        md.setColumnCharsets(List.of(255));
        tm.setEventMetadata(md);
        ColumnDef c = TableSchemas.fromTableMap(tm, null, charsets).columns().get(0);
        assertThat(c.type()).isEqualTo(MysqlType.CHAR);
        assertThat(c.length()).isEqualTo(255);
    }

    @Test
    void withoutMetadataNamesKeyLabelsAndCharsetsComeFromInformationSchema() {
        TableMapEventData tm = tableMap(new int[] {LONG, BLOB, STRING, STRING}, new int[] {0, 4, 0xF701, 0xFE03});
        TableSchema fallback = new TableSchema(new TableId("shop", "orders"), List.of(
                new ColumnDef("id", MysqlType.INT, true, 0, 0, 0, null, List.of(), false),
                new ColumnDef("doc", MysqlType.JSON, false, 0, 0, 0, "utf8mb4", List.of(), true),
                new ColumnDef("size", MysqlType.ENUM, false, 0, 0, 0, "utf8mb4", List.of("s", "m"), true),
                new ColumnDef("uuid", MysqlType.UNKNOWN, false, 3, 0, 0, null, List.of(), true)), List.of(0));
        TableSchema s = TableSchemas.fromTableMap(tm, fallback, charsets);
        assertThat(s.columnNames()).containsExactly("id", "doc", "size", "uuid");
        assertThat(s.primaryKey()).containsExactly(0);
        assertThat(s.columns().get(0).unsigned()).isTrue();
        assertThat(s.columns().get(1).type()).as("MariaDB JSON is LONGTEXT").isEqualTo(MysqlType.TEXT);
        assertThat(s.columns().get(2).labels()).containsExactly("s", "m");
        assertThat(s.columns().get(3).type()).isEqualTo(MysqlType.BINARY);
        assertThat(s.columns().get(3).charset()).isEqualTo("binary");
    }

    @Test
    void columnCountMismatchNamesTableAndBothCounts() {
        TableMapEventData tm = tableMap(new int[] {LONG, LONG, LONG}, new int[] {0, 0, 0});
        TableSchema fallback = new TableSchema(new TableId("shop", "orders"), List.of(
                new ColumnDef("id", MysqlType.INT, false, 0, 0, 0, null, List.of(), false)), List.of());
        assertThatThrownBy(() -> TableSchemas.fromTableMap(tm, fallback, charsets))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("shop.orders").hasMessageContaining("3 columns")
                .hasMessageContaining("information_schema has 1");
    }

    @Test
    void noMetadataAndNoFallbackIsATypedError() {
        TableMapEventData tm = tableMap(new int[] {LONG}, new int[] {0});
        assertThatThrownBy(() -> TableSchemas.fromTableMap(tm, null, charsets))
                .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("shop.orders")
                .hasMessageContaining("binlog_row_metadata");
    }

    private static TableMapEventData tableMap(int[] types, int[] meta) {
        TableMapEventData tm = new TableMapEventData();
        tm.setTableId(42);
        tm.setDatabase("shop");
        tm.setTable("orders");
        byte[] t = new byte[types.length];
        for (int i = 0; i < types.length; i++) {
            t[i] = (byte) types[i];
        }
        tm.setColumnTypes(t);
        tm.setColumnMetadata(meta);
        BitSet nullable = new BitSet();
        nullable.set(0, types.length);
        tm.setColumnNullability(nullable);
        return tm;
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }
}
