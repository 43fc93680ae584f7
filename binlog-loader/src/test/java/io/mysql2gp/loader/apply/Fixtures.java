package io.mysql2gp.loader.apply;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.List;

/** Small builders for source and target column descriptions in tests. */
final class Fixtures {
    private Fixtures() {}

    static ColumnDef col(String name, MysqlType type) {
        return new ColumnDef(name, type, false, 0, 0, 0, null, List.of(), true);
    }

    static ColumnDef col(String name, MysqlType type, int length, int precision, int scale, boolean unsigned) {
        return new ColumnDef(name, type, unsigned, length, precision, scale, null, List.of(), true);
    }

    /** A target column of a pg_catalog type, e.g. {@code target("a", "varchar", "character varying(5)")}. */
    static TargetColumn target(String name, String typname, String display) {
        String quoted = switch (typname) {
            case "bit", "varchar", "numeric", "timestamp", "time", "interval", "char" -> "\"" + typname + "\"";
            default -> typname;
        };
        char category = switch (typname) {
            case "text", "varchar", "bpchar", "name" -> 'S';
            default -> 'U';
        };
        return new TargetColumn(name, display, "pg_catalog." + quoted, typname, category, false);
    }
}
