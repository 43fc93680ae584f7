package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.text.CopyText;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row and key images as COPY text lines. */
class RowEncoderTest {
    private final RowEncoder encoder = new RowEncoder(new CharsetNames());

    private static final TableSchema ORDERS = new TableSchema(new TableId("shop", "orders"), List.of(
            new ColumnDef("note", MysqlType.TEXT, false, 0, 0, 0, "utf8mb4", List.of(), true),
            new ColumnDef("id", MysqlType.BIGINT, true, 0, 0, 0, null, List.of(), false),
            new ColumnDef("day", MysqlType.DATE, false, 0, 0, 0, null, List.of(), true),
            new ColumnDef("region", MysqlType.VARCHAR, false, 10, 0, 0, "latin1", List.of(), false)),
            List.of(3, 1));

    @Test
    void imageLineEscapesForCopyAndKeepsNullDistinctFromBackslashN() {
        Serializable[] row = {utf8("a\tb\\N\n\u0000"), -1L, new RawDate(0, 0, 0), "eu".getBytes(StandardCharsets.ISO_8859_1)};
        String line = encoder.imageLine(ORDERS, row);
        assertThat(line).isEqualTo("a\\tb\\\\N\\n\\000\t18446744073709551615\t0000-00-00\teu");
        assertThat(CopyText.splitLine(line)).containsExactly("a\tb\\N\n\u0000", "18446744073709551615", "0000-00-00", "eu");
        Serializable[] withNull = {null, 1L, null, new byte[0]};
        assertThat(encoder.imageLine(ORDERS, withNull)).isEqualTo("\\N\t1\t\\N\t");
    }

    @Test
    void keyLineFollowsPrimaryKeyOrder() {
        Serializable[] row = {utf8("x"), 7L, new RawDate(2024, 1, 1), utf8("eu")};
        assertThat(encoder.keyLine(ORDERS, row)).isEqualTo("eu\t7");
    }

    @Test
    void keylessTableKeyIsTheWholeRow() {
        TableSchema keyless = new TableSchema(ORDERS.id(), ORDERS.columns(), List.of());
        Serializable[] row = {utf8("x"), 7L, new RawDate(2024, 1, 1), utf8("eu")};
        assertThat(encoder.keyLine(keyless, row)).isEqualTo(encoder.imageLine(keyless, row));
    }

    @Test
    void partialRowImagesAreRefusedNamingTheTable() {
        Serializable[] partial = {utf8("x"), 7L};
        assertThatThrownBy(() -> encoder.imageLine(ORDERS, partial)).isInstanceOf(PartialRowImageException.class)
                .hasMessageContaining("shop.orders").hasMessageContaining("2 of 4");
        BitSet included = new BitSet();
        included.set(0);
        included.set(2);
        assertThatThrownBy(() -> RowEncoder.requireFullImage(ORDERS, included))
                .isInstanceOf(PartialRowImageException.class);
        PartialRowImageException e = new PartialRowImageException(ORDERS.id(), 2, 4).at("binlog.000042:1234");
        assertThat(e.getMessage()).endsWith("(at binlog.000042:1234)");
        BitSet full = new BitSet();
        full.set(0, 4);
        RowEncoder.requireFullImage(ORDERS, full);
    }

    @Test
    void valueErrorsNameTableAndColumn() {
        Serializable[] row = {utf8("x"), "not a number", null, utf8("eu")};
        assertThatThrownBy(() -> encoder.imageLine(ORDERS, row)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("shop.orders").hasMessageContaining("'id'");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
