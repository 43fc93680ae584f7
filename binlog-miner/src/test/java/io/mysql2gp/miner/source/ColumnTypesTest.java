package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.ColumnTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.schema.MysqlType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnTypesTest {

    @ParameterizedTest(name = "DATA_TYPE {0} (json check {1}) is {2}")
    @CsvSource({
        "tinyint, false, TINYINT", "smallint, false, SMALLINT", "mediumint, false, MEDIUMINT", "int, false, INT",
        "bigint, false, BIGINT", "decimal, false, DECIMAL", "float, false, FLOAT", "double, false, DOUBLE",
        "bit, false, BIT", "date, false, DATE", "datetime, false, DATETIME", "timestamp, false, TIMESTAMP",
        "time, false, TIME", "year, false, YEAR", "char, false, CHAR", "varchar, false, VARCHAR",
        "binary, false, BINARY", "varbinary, false, VARBINARY",
        "tinytext, false, TEXT", "text, false, TEXT", "mediumtext, false, TEXT", "longtext, false, TEXT",
        "longtext, true, JSON", "json, false, JSON",
        "tinyblob, false, BLOB", "blob, false, BLOB", "mediumblob, false, BLOB", "longblob, false, BLOB",
        "enum, false, ENUM", "set, false, SET",
        "geometry, false, GEOMETRY", "point, false, GEOMETRY", "linestring, false, GEOMETRY",
        "polygon, false, GEOMETRY", "multipoint, false, GEOMETRY", "multilinestring, false, GEOMETRY",
        "multipolygon, false, GEOMETRY", "geometrycollection, false, GEOMETRY", "geomcollection, false, GEOMETRY",
        "uuid, false, BINARY", "inet4, false, BINARY", "inet6, false, BINARY", "vector, false, VECTOR",
        "INT, false, INT", "xml, false, UNKNOWN", "sdo_geometry, false, UNKNOWN",
    })
    void mapsDataTypes(String dataType, boolean json, MysqlType expected) {
        assertThat(ColumnTypes.typeOf(dataType, json)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} has fixed binary length {1}")
    @CsvSource({"uuid, 16", "inet6, 16", "inet4, 4", "binary, 0"})
    void knowsMariaDbBinaryLengths(String dataType, int length) {
        assertThat(ColumnTypes.fixedBinaryLength(dataType)).isEqualTo(length);
    }

    @ParameterizedTest(name = "{0} unsigned: {1}")
    @CsvSource({
        "int(10) unsigned, true", "int unsigned, true", "bigint(20) unsigned zerofill, true",
        "BIGINT UNSIGNED, true", "int(11), false", "'decimal(10,2) unsigned', true", "double, false",
        "'enum(''unsigned'')', false",
    })
    void readsUnsigned(String columnType, boolean expected) {
        assertThat(ColumnTypes.isUnsigned(columnType)).isEqualTo(expected);
    }

    static Stream<Arguments> labelCases() {
        return Stream.of(
            Arguments.of("enum('a','b','c')", List.of("a", "b", "c")),
            Arguments.of("set('x','y')", List.of("x", "y")),
            Arguments.of("enum('x''y','a,b','p(q)')", List.of("x'y", "a,b", "p(q)")),
            Arguments.of("enum('back\\\\slash','dq\"')", List.of("back\\slash", "dq\"")),
            Arguments.of("enum('it\\'s')", List.of("it's")),
            Arguments.of("enum('')", List.of("")),
            Arguments.of("enum('', ' lead', 'trail ')", List.of("", " lead", "trail ")),
            Arguments.of("enum('),(','''')", List.of("),(", "'")),
            Arguments.of("enum('中文','café')", List.of("中文", "café")));
    }

    @ParameterizedTest(name = "{0} has labels {1}")
    @MethodSource("labelCases")
    void parsesLabels(String columnType, List<String> expected) {
        assertThat(ColumnTypes.labels(columnType)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @CsvSource({"enum", "'enum(''a'",})
    void refusesBrokenLabelLists(String columnType) {
        assertThatThrownBy(() -> ColumnTypes.labels(columnType)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(columnType);
    }
}
