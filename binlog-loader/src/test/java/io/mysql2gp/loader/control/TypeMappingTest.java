package io.mysql2gp.loader.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.loader.apply.Conversions;
import io.mysql2gp.loader.apply.TargetColumn;
import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recommended target type of every source type, and the generated docs/TYPE-MAPPING.md. */
class TypeMappingTest {
    static final Path DOC = Path.of("..", "docs", "TYPE-MAPPING.md");
    static final String BEGIN = "<!-- generated from TypeMapping.markdownTable(): do not edit by hand -->\n";
    static final String END = "<!-- end of generated table -->";

    /** type; unsigned; length; precision; scale; information_schema DATA_TYPE; expected target type. */
    @ParameterizedTest(name = "{5} unsigned={1} -> {6}")
    @CsvSource(delimiter = ';', value = {
        "TINYINT;   false; 0; 0; 0; tinyint;    smallint",
        "TINYINT;   true;  0; 0; 0; tinyint;    smallint",
        "SMALLINT;  false; 0; 0; 0; smallint;   smallint",
        "SMALLINT;  true;  0; 0; 0; smallint;   integer",
        "MEDIUMINT; false; 0; 0; 0; mediumint;  integer",
        "MEDIUMINT; true;  0; 0; 0; mediumint;  integer",
        "INT;       false; 0; 0; 0; int;        integer",
        "INT;       true;  0; 0; 0; int;        bigint",
        "BIGINT;    false; 0; 0; 0; bigint;     bigint",
        "BIGINT;    true;  0; 0; 0; bigint;     numeric(20,0)",
        "DECIMAL;   false; 0; 65; 30; decimal;  numeric(65,30)",
        "DECIMAL;   true;  0; 10; 0; decimal;   numeric(10,0)",
        "FLOAT;     false; 0; 0; 0; float;      real",
        "FLOAT;     true;  0; 0; 0; float;      real",
        "DOUBLE;    false; 0; 0; 0; double;     double precision",
        "BIT;       false; 1; 0; 0; bit;        bit(1)",
        "BIT;       false; 64; 0; 0; bit;       bit(64)",
        "YEAR;      false; 0; 0; 0; year;       smallint",
        "DATE;      false; 0; 0; 0; date;       date",
        "DATETIME;  false; 0; 0; 0; datetime;   timestamp(0) without time zone",
        "DATETIME;  false; 0; 0; 6; datetime;   timestamp(6) without time zone",
        "TIMESTAMP; false; 0; 0; 0; timestamp;  timestamp(0) with time zone",
        "TIMESTAMP; false; 0; 0; 3; timestamp;  timestamp(3) with time zone",
        "TIME;      false; 0; 0; 0; time;       interval(0)",
        "TIME;      false; 0; 0; 6; time;       interval(6)",
        "CHAR;      false; 0; 0; 0; char;       varchar(1)",
        "CHAR;      false; 10; 0; 0; char;      varchar(10)",
        "VARCHAR;   false; 0; 0; 0; varchar;    varchar(1)",
        "VARCHAR;   false; 16383; 0; 0; varchar; varchar(16383)",
        "TEXT;      false; 0; 0; 0; tinytext;   text",
        "TEXT;      false; 0; 0; 0; longtext;   text",
        "ENUM;      false; 0; 0; 0; enum;       text",
        "SET;       false; 0; 0; 0; set;        text",
        "JSON;      false; 0; 0; 0; json;       json",
        "JSON;      false; 0; 0; 0; longtext;   json",
        "BINARY;    false; 16; 0; 0; uuid;      uuid",
        "BINARY;    false; 4; 0; 0; inet4;      bytea",
        "BINARY;    false; 16; 0; 0; inet6;     bytea",
        "BINARY;    false; 16; 0; 0; binary;    bytea",
        "VARBINARY; false; 200; 0; 0; varbinary; bytea",
        "BLOB;      false; 0; 0; 0; longblob;   bytea",
        "GEOMETRY;  false; 0; 0; 0; point;      bytea",
        "VECTOR;    false; 0; 0; 0; vector;     bytea",
        "UNKNOWN;   false; 0; 0; 0; whatnot;    bytea"})
    void mapsEachSourceType(MysqlType type, boolean unsigned, int length, int precision, int scale, String dataType,
            String expected) {
        ColumnDef c = new ColumnDef("c", type, unsigned, length, precision, scale, null, List.of(), true);
        assertThat(TypeMapping.targetType(new TypeMapping.Source(c, dataType))).isEqualTo(expected);
    }

    @Test
    void withoutDataTypeABinary16IsBytea() {
        ColumnDef c = new ColumnDef("c", MysqlType.BINARY, false, 16, 0, 0, "binary", List.of(), true);
        assertThat(TypeMapping.targetType(new TypeMapping.Source(c, null))).isEqualTo("bytea");
    }

    /** Every MysqlType has a rule before the catch-all, except VECTOR and UNKNOWN which it is for. */
    @Test
    void everySourceTypeHasItsOwnRule() {
        List<TypeMapping.Rule> specific = TypeMapping.RULES.subList(0, TypeMapping.RULES.size() - 1);
        Set<MysqlType> covered = EnumSet.noneOf(MysqlType.class);
        for (MysqlType t : MysqlType.values()) {
            for (boolean unsigned : new boolean[] {false, true}) {
                ColumnDef c = new ColumnDef("c", t, unsigned, 5, 5, 2, null, List.of(), true);
                if (specific.stream().anyMatch(r -> r.when().test(new TypeMapping.Source(c, t.sqlName)))) {
                    covered.add(t);
                }
            }
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).containsExactlyInAnyOrder(MysqlType.VECTOR,
                MysqlType.UNKNOWN);
    }

    /** The loader must accept every pair the mapping recommends (its conversions decide). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "TINYINT; int2", "SMALLINT; int4", "INT; int8", "BIGINT; numeric", "DECIMAL; numeric", "FLOAT; float4",
        "DOUBLE; float8", "BIT; bit", "YEAR; int2", "DATE; date", "DATETIME; timestamp", "TIMESTAMP; timestamptz",
        "TIME; interval", "CHAR; varchar", "VARCHAR; varchar", "TEXT; text", "ENUM; text", "SET; text",
        "JSON; json", "BINARY; uuid", "BINARY; bytea", "VARBINARY; bytea", "BLOB; bytea", "GEOMETRY; bytea",
        "VECTOR; bytea", "UNKNOWN; bytea"})
    void loaderConvertsEveryRecommendedPair(MysqlType type, String baseType) {
        ColumnDef c = new ColumnDef("c", type, false, 16, 10, 2, null, List.of(), true);
        char category = Set.of("text", "varchar").contains(baseType) ? 'S' : 'X';
        TargetColumn t = new TargetColumn("c", baseType, "pg_catalog." + baseType, baseType, category, false);
        assertThat(Conversions.expression(c, t, "v", ZeroDate.NULL)).isPresent();
    }

    @Test
    void markdownTableHasOneRowPerRule() {
        String table = TypeMapping.markdownTable();
        List<String> lines = table.lines().collect(Collectors.toList());
        assertThat(lines).hasSize(TypeMapping.RULES.size() + 2);
        assertThat(lines).contains("| BIGINT UNSIGNED | `numeric(20,0)` | Up to 18446744073709551615, beyond bigint. |");
    }

    /** Fails when docs/TYPE-MAPPING.md does not show the current mapping; -Dmysql2gp.writeDocs=true rewrites it. */
    @Test
    void typeMappingDocumentIsUpToDate() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertThat(from).as("marker in " + DOC).isNotNegative();
        assertThat(to).as("end marker in " + DOC).isGreaterThan(from);
        String expected = doc.substring(0, from + BEGIN.length()) + TypeMapping.markdownTable() + doc.substring(to);
        if (Boolean.getBoolean("mysql2gp.writeDocs")) {
            Files.writeString(DOC, expected);
        }
        assertThat(doc).as(DOC + " is out of date: run mvn -pl binlog-loader -am test -Dtest=TypeMappingTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dmysql2gp.writeDocs=true").isEqualTo(expected);
    }
}
