package io.mysql2gp.loader.apply;

import static io.mysql2gp.loader.apply.Fixtures.col;
import static io.mysql2gp.loader.apply.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
    private static final TableId ID = new TableId("shop", "t");

    @Test
    void exactNameWinsOverCaseInsensitiveMatch() {
        TargetTable t = new TargetTable("s", "t", List.of(target("id", "int4", "integer"),
                target("ID", "int8", "bigint")), List.of());
        assertThat(t.match("ID").orElseThrow().baseType()).isEqualTo("int8");
        assertThat(t.match("id").orElseThrow().baseType()).isEqualTo("int4");
        assertThat(t.match("Id")).isEmpty(); // two case-insensitive candidates: ambiguous
    }

    @Test
    void mapsByCaseInsensitiveUniqueName() {
        TableSchema staged = new TableSchema(ID, List.of(col("UserId", MysqlType.INT)), List.of(0));
        TargetTable t = new TargetTable("s", "t", List.of(target("userid", "int4", "integer")), List.of());
        assertThat(ColumnMapping.of(staged, t).columns().get(0).target().name()).isEqualTo("userid");
    }

    @Test
    void missingTargetColumnNamesTableAndColumn() {
        TableSchema staged = new TableSchema(ID, List.of(col("id", MysqlType.INT), col("price", MysqlType.DECIMAL)),
                List.of(0));
        TargetTable t = new TargetTable("s", "t", List.of(target("id", "int4", "integer")), List.of());
        assertThatThrownBy(() -> ColumnMapping.of(staged, t)).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("s.t").hasMessageContaining("\"price\"")
                .satisfies(e -> assertThat(((TargetProblem) e).column()).isEqualTo("price"));
    }

    @Test
    void stagedTableWithoutPrimaryKeyIsRefused() {
        TableSchema staged = new TableSchema(ID, List.of(col("id", MysqlType.INT)), List.of());
        TargetTable t = new TargetTable("s", "t", List.of(target("id", "int4", "integer")), List.of());
        assertThatThrownBy(() -> ColumnMapping.of(staged, t)).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("shop").hasMessageContaining("no primary key");
    }

    @Test
    void impossiblePairNamesTableColumnAndBothTypes() {
        TableSchema staged = new TableSchema(ID, List.of(col("id", MysqlType.INT), col("pic", MysqlType.BLOB)),
                List.of(0));
        TargetTable t = new TargetTable("s", "t", List.of(target("id", "int4", "integer"),
                target("pic", "int4", "integer")), List.of());
        assertThatThrownBy(() -> ColumnMapping.of(staged, t)).isInstanceOf(TargetProblem.class)
                .hasMessageContaining("s.t.pic").hasMessageContaining("(blob)").hasMessageContaining("(integer)");
    }
}
