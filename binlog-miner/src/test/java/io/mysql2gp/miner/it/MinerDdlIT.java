package io.mysql2gp.miner.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements other than row changes while the miner runs: ALTER TABLE on a listed table starts a new
 * staged schema version, TRUNCATE is staged as op T, user-management statements (which carry
 * passwords) never reach the log, a table added to the list is staged from then on, and the stored
 * position carries MariaDB's GTID.
 */
class MinerDdlIT {
    static final String DB = "mddl";
    static final String SECRET = "Pw-table-t_a-S3cret";

    @Test
    void ddlTruncateAndListEditsWhileTheMinerRuns() throws Exception {
        MysqlServer mysql = TestServers.mysql();
        PgServer pg = TestServers.postgres();
        pg.createDatabase("mddl_stg");
        String start = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB,
                "DROP USER IF EXISTS 'mddl_user'@'%'", "DROP USER IF EXISTS 't_a'@'%'");
        mysql.execute(DB, "CREATE TABLE t_a (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB",
                "CREATE TABLE t_late (id INT PRIMARY KEY, n INT) ENGINE=InnoDB");
        Deployment dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), DB, pg, "mddl_stg", start,
                List.of("t_a"));
        String lastGtid;
        try (DaemonProcess miner = DaemonProcess.start(dep.config, dep.log);
                Connection src = mysql.connect(DB); Statement s = src.createStatement()) {
            miner.awaitLog("miner: streaming from", 60_000);
            s.execute("INSERT INTO t_a VALUES (1, 'a'), (2, 'b')");
            s.execute("INSERT INTO t_late VALUES (1, 10)");
            s.execute("ALTER TABLE t_a ADD COLUMN extra INT DEFAULT 7");
            s.execute("INSERT INTO t_a VALUES (3, 'c', 42)");
            s.execute("UPDATE t_a SET extra = 5 WHERE id = 1");
            // passwords in statements the miner sees in the binlog; the second names a listed table
            s.execute("CREATE USER 'mddl_user'@'%' IDENTIFIED BY '" + SECRET + "'");
            s.execute("CREATE USER 't_a'@'%' IDENTIFIED BY '" + SECRET + "'");
            s.execute("ALTER USER 't_a'@'%' IDENTIFIED BY '" + SECRET + "2'");
            s.execute("SET PASSWORD FOR 'mddl_user'@'%' = PASSWORD('" + SECRET + "3')");
            s.execute("TRUNCATE TABLE t_a");
            s.execute("INSERT INTO t_a VALUES (10, 'z', 1)");
            miner.awaitLog("TRUNCATE of staged table", 30_000);

            dep.writeTables(List.of("t_a", "t_late"));
            miner.awaitLog("table list:", 30_000);
            s.execute("INSERT INTO t_late VALUES (2, 20)");
            try (ResultSet rs = s.executeQuery("SELECT @@last_gtid")) {
                rs.next();
                lastGtid = rs.getString(1);
            }
            try (Connection staging = pg.connect("mddl_stg")) {
                Servers.awaitCaughtUp(mysql, staging, 60_000, miner);
                List<String> schemas = rows(staging, "SELECT schema_id || ' ' || (SELECT string_agg(c->>'name', ',')"
                        + " FROM jsonb_array_elements(columns) c) FROM mysql2gp.table_schema WHERE tbl = 't_a'"
                        + " ORDER BY schema_id");
                assertThat(schemas).hasSize(2);
                String before = schemas.get(0).split(" ")[0];
                String after = schemas.get(1).split(" ")[0];
                assertThat(schemas.get(0)).endsWith(" id,v");
                assertThat(schemas.get(1)).endsWith(" id,v,extra");
                assertThat(rows(staging, "SELECT op::text || ' ' || schema_id || ' ' || coalesce(key_old, '-') || ' '"
                        + " || coalesce(replace(row_new, E'\\t', '|'), '-') FROM mysql2gp.changes WHERE tbl = 't_a'"
                        + " ORDER BY seq")).containsExactly(
                                "I " + before + " - 1|a",
                                "I " + before + " - 2|b",
                                "I " + after + " - 3|c|42",
                                "U " + after + " 1 1|a|5",
                                "T " + after + " - -",
                                "I " + after + " - 10|z|1");
                assertThat(rows(staging, "SELECT op::text || ' ' || row_new FROM mysql2gp.changes WHERE tbl = 't_late'"))
                        .as("t_late is staged from its listing on, not before").containsExactly("I 2\t20");
                List<String> gtid = rows(staging, "SELECT gtid FROM mysql2gp.miner_state");
                assertThat(gtid.get(0)).matches("0-1-\\d+");
                assertThat(lastGtid).matches("0-1-\\d+");
                assertThat(Long.parseLong(gtid.get(0).substring(4)))
                        .isGreaterThanOrEqualTo(Long.parseLong(lastGtid.substring(4)));
            }
            assertThat(miner.terminate(60)).isZero();
        } finally {
            mysql.execute(null, "DROP USER IF EXISTS 'mddl_user'@'%'", "DROP USER IF EXISTS 't_a'@'%'");
        }
        assertThat(dep.log()).contains("DDL on a staged table").contains("ALTER TABLE t_a ADD COLUMN extra")
                .doesNotContain(SECRET).doesNotContain("IDENTIFIED").doesNotContain("ERROR");
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
