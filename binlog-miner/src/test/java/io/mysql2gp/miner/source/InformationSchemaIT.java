package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.InformationSchema;
import io.mysql2gp.common.source.MissingTableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InformationSchemaIT {
    private static final String DB = "is_types";
    private static MysqlServer server;

    @BeforeAll
    static void tables() {
        server = TestServers.mysql();
        server.execute(null,
                "DROP DATABASE IF EXISTS " + DB,
                "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + DB + ".all_types ("
                        + " c_tiny TINYINT, c_tiny_u TINYINT UNSIGNED, c_small SMALLINT, c_medium MEDIUMINT UNSIGNED,"
                        + " c_int INT NOT NULL, c_big BIGINT UNSIGNED, c_dec DECIMAL(12,3), c_dec_u DECIMAL(5,0) UNSIGNED,"
                        + " c_float FLOAT, c_double DOUBLE, c_bit BIT(5), c_date DATE, c_dt DATETIME(6), c_dt0 DATETIME,"
                        + " c_ts TIMESTAMP(3) NULL, c_time TIME(2), c_year YEAR,"
                        + " c_char CHAR(10) CHARACTER SET latin1, c_vchar VARCHAR(300), c_gbk VARCHAR(20) CHARACTER SET gbk,"
                        + " c_bin BINARY(16), c_vbin VARBINARY(200),"
                        + " c_ttext TINYTEXT, c_text TEXT, c_mtext MEDIUMTEXT, c_ltext LONGTEXT CHARACTER SET latin1,"
                        + " c_tblob TINYBLOB, c_blob BLOB, c_mblob MEDIUMBLOB, c_lblob LONGBLOB,"
                        + " c_enum ENUM('x''y','a,b','p(q)','back\\\\slash','') NOT NULL, c_set SET('r','w','x'),"
                        + " c_json JSON, `we``ird json` JSON, c_geo GEOMETRY, c_point POINT, c_poly POLYGON,"
                        + " c_uuid UUID, c_inet4 INET4, c_inet6 INET6)",
                "CREATE TABLE " + DB + ".pk_table (a INT, b VARCHAR(10), c INT, d INT, PRIMARY KEY (c, a))",
                "CREATE TABLE " + DB + ".no_pk (a INT NOT NULL, b INT, UNIQUE KEY (a))",
                "CREATE VIEW " + DB + ".a_view AS SELECT a FROM " + DB + ".no_pk",
                "CREATE SEQUENCE " + DB + ".a_seq");
    }

    private static ColumnDef col(String name, MysqlType type, boolean unsigned, int length, int precision, int scale,
                                 String charset, boolean nullable) {
        return new ColumnDef(name, type, unsigned, length, precision, scale, charset, List.of(), nullable);
    }

    @Test
    void readsEveryType() throws Exception {
        TableSchema t;
        try (Connection c = server.connect(null)) {
            t = InformationSchema.loadTable(c, DB, "all_types");
        }
        assertThat(t.id()).isEqualTo(new TableId(DB, "all_types"));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.columns()).containsExactly(
                col("c_tiny", MysqlType.TINYINT, false, 0, 0, 0, null, true),
                col("c_tiny_u", MysqlType.TINYINT, true, 0, 0, 0, null, true),
                col("c_small", MysqlType.SMALLINT, false, 0, 0, 0, null, true),
                col("c_medium", MysqlType.MEDIUMINT, true, 0, 0, 0, null, true),
                col("c_int", MysqlType.INT, false, 0, 0, 0, null, false),
                col("c_big", MysqlType.BIGINT, true, 0, 0, 0, null, true),
                col("c_dec", MysqlType.DECIMAL, false, 0, 12, 3, null, true),
                col("c_dec_u", MysqlType.DECIMAL, true, 0, 5, 0, null, true),
                col("c_float", MysqlType.FLOAT, false, 0, 0, 0, null, true),
                col("c_double", MysqlType.DOUBLE, false, 0, 0, 0, null, true),
                col("c_bit", MysqlType.BIT, false, 5, 0, 0, null, true),
                col("c_date", MysqlType.DATE, false, 0, 0, 0, null, true),
                col("c_dt", MysqlType.DATETIME, false, 0, 0, 6, null, true),
                col("c_dt0", MysqlType.DATETIME, false, 0, 0, 0, null, true),
                col("c_ts", MysqlType.TIMESTAMP, false, 0, 0, 3, null, true),
                col("c_time", MysqlType.TIME, false, 0, 0, 2, null, true),
                col("c_year", MysqlType.YEAR, false, 0, 0, 0, null, true),
                col("c_char", MysqlType.CHAR, false, 10, 0, 0, "latin1", true),
                col("c_vchar", MysqlType.VARCHAR, false, 300, 0, 0, "utf8mb4", true),
                col("c_gbk", MysqlType.VARCHAR, false, 20, 0, 0, "gbk", true),
                col("c_bin", MysqlType.BINARY, false, 16, 0, 0, "binary", true),
                col("c_vbin", MysqlType.VARBINARY, false, 200, 0, 0, "binary", true),
                col("c_ttext", MysqlType.TEXT, false, 0, 0, 0, "utf8mb4", true),
                col("c_text", MysqlType.TEXT, false, 0, 0, 0, "utf8mb4", true),
                col("c_mtext", MysqlType.TEXT, false, 0, 0, 0, "utf8mb4", true),
                col("c_ltext", MysqlType.TEXT, false, 0, 0, 0, "latin1", true),
                col("c_tblob", MysqlType.BLOB, false, 0, 0, 0, "binary", true),
                col("c_blob", MysqlType.BLOB, false, 0, 0, 0, "binary", true),
                col("c_mblob", MysqlType.BLOB, false, 0, 0, 0, "binary", true),
                col("c_lblob", MysqlType.BLOB, false, 0, 0, 0, "binary", true),
                new ColumnDef("c_enum", MysqlType.ENUM, false, 0, 0, 0, "utf8mb4",
                        List.of("x'y", "a,b", "p(q)", "back\\slash", ""), false),
                new ColumnDef("c_set", MysqlType.SET, false, 0, 0, 0, "utf8mb4", List.of("r", "w", "x"), true),
                col("c_json", MysqlType.JSON, false, 0, 0, 0, "utf8mb4", true),
                col("we`ird json", MysqlType.JSON, false, 0, 0, 0, "utf8mb4", true),
                col("c_geo", MysqlType.GEOMETRY, false, 0, 0, 0, null, true),
                col("c_point", MysqlType.GEOMETRY, false, 0, 0, 0, null, true),
                col("c_poly", MysqlType.GEOMETRY, false, 0, 0, 0, null, true),
                col("c_uuid", MysqlType.BINARY, false, 16, 0, 0, "binary", true),
                col("c_inet4", MysqlType.BINARY, false, 4, 0, 0, "binary", true),
                col("c_inet6", MysqlType.BINARY, false, 16, 0, 0, "binary", true));
    }

    @Test
    void compositePrimaryKeyComesInIndexOrder() throws Exception {
        try (Connection c = server.connect(null)) {
            TableSchema t = InformationSchema.loadTable(c, DB, "pk_table");
            assertThat(t.columnNames()).containsExactly("a", "b", "c", "d");
            assertThat(t.primaryKey()).containsExactly(2, 0);
            assertThat(t.columns().get(0).nullable()).isFalse();
            assertThat(InformationSchema.loadTable(c, DB, "no_pk").primaryKey()).isEmpty();
        }
    }

    @Test
    void missingTableNamesDbAndTable() throws Exception {
        try (Connection c = server.connect(null)) {
            assertThatThrownBy(() -> InformationSchema.loadTable(c, DB, "nope"))
                    .isInstanceOfSatisfying(MissingTableException.class, e -> {
                        assertThat(e.table()).isEqualTo(new TableId(DB, "nope"));
                        assertThat(e.retriable()).isFalse();
                    })
                    .hasMessageStartingWith("table is_types.nope does not exist on source 127.0.0.1:" + server.port());
        }
    }

    @Test
    void listsBaseTablesOnly() throws Exception {
        try (Connection c = server.connect(null)) {
            assertThat(InformationSchema.listTables(c, DB)).containsExactly("all_types", "no_pk", "pk_table");
            assertThat(InformationSchema.listTables(c, "no_such_db")).isEmpty();
        }
    }

    @Test
    void mapsCollationIdsToCharsets() throws Exception {
        try (Connection c = server.connect(null)) {
            Map<Integer, String> collations = InformationSchema.loadCollations(c);
            assertThat(collations).containsEntry(8, "latin1").containsEntry(28, "gbk").containsEntry(33, "utf8mb3")
                    .containsEntry(45, "utf8mb4").containsEntry(46, "utf8mb4").containsEntry(63, "binary");
        }
    }
}
