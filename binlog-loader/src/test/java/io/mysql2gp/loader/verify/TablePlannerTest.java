package io.mysql2gp.loader.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairing source and target columns by name, as the loader does. */
class TablePlannerTest {
    static ColumnDef col(String name, MysqlType type) {
        return new ColumnDef(name, type, false, 0, 0, 0, null, List.of(), true);
    }

    static final TableSchema SRC = new TableSchema(new TableId("shop", "t"),
            List.of(col("Id", MysqlType.INT), col("b", MysqlType.BINARY)), List.of(0));

    @Test
    void columnsMatchExactlyElseIgnoringCaseAndKeepTheSourcesKey() {
        TablePlanner.Planned p = TablePlanner.pair(SRC, Map.of("b", "uuid"), "public", "t", List.of(
                new TablePlanner.TargetCol("extra", "int4", "integer"), new TablePlanner.TargetCol("id", "int4", "integer"),
                new TablePlanner.TargetCol("b", "uuid", "uuid")));
        assertThat(p.problem()).isNull();
        assertThat(p.plan().keys()).extracting(VerifyColumn::targetName).containsExactly("id");
        assertThat(p.plan().columns()).extracting(VerifyColumn::kind)
                .containsExactly(VerifyColumn.Kind.NUMBER, VerifyColumn.Kind.UUID);
        assertThat(p.plan().columns().get(1).dataType()).isEqualTo("uuid");
    }

    @Test
    void aMissingTargetColumnOrSourceKeyIsNamed() {
        assertThat(TablePlanner.pair(SRC, Map.of(), "public", "t",
                List.of(new TablePlanner.TargetCol("id", "int4", "integer"))).problem())
                .isEqualTo("target table \"public\".\"t\" lacks column(s) \"b\"");
    }
}
