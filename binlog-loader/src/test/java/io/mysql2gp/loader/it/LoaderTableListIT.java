package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Editing loader_table_list.txt while both daemons run: an appended table's later changes arrive
 * in the target within seconds, a removed table's later changes do not, the others keep flowing;
 * no restart.
 */
class LoaderTableListIT {

    @Test
    void anAppendedTableFlowsFromThenOnAndARemovedOneStopsWithoutARestart() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "tlist", "");
        for (String t : List.of("l_a", "l_b", "l_c")) {
            p.mysql.execute(p.db, "CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20))");
            LoaderPauseIT.target(p, "CREATE TABLE " + t + " (id int PRIMARY KEY, v varchar(20))");
        }
        p.dep.writeTables(List.of("l_a", "l_b"));
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader()) {
            for (String t : List.of("l_a", "l_b", "l_c")) {
                p.mysql.execute(p.db, "INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two')");
            }
            LoaderPauseIT.awaitEqual(p, loader, "l_a", "l_b");
            assertThat(LoaderPauseIT.count(p, "l_c")).as("rows of the unlisted l_c").isZero();

            // append l_c: first copy its current rows (changes made before it is listed are not staged)
            try (Connection staging = p.pg.connect(p.stagingDb)) {
                Servers.awaitCaughtUp(p.mysql, staging, 30_000, miner);
            }
            LoaderPauseIT.target(p, "INSERT INTO l_c VALUES (1, 'one'), (2, 'two')");
            Files.writeString(p.dep.tableList, "l_c\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            String added = "changed: added " + p.db + ".l_c";
            miner.awaitLog(added, 10_000);
            loader.awaitLog(added, 10_000);
            long listedAt = System.currentTimeMillis();
            p.mysql.execute(p.db, "UPDATE l_c SET v = 'one+' WHERE id = 1", "DELETE FROM l_c WHERE id = 2",
                    "INSERT INTO l_c VALUES (3, 'three')");
            LoaderPauseIT.awaitEqual(p, loader, "l_c");
            assertThat(System.currentTimeMillis() - listedAt).as("ms until l_c's changes arrived").isLessThan(10_000);
            assertThat(stagedChanges(p, "l_c")).as("staged changes of l_c: only the 3 made after it was listed"
                    + " (changes made before a table is listed are not staged; users copy the table first)")
                    .isEqualTo(3);

            // remove l_b: its later changes stop, l_a and l_c continue
            p.dep.writeTables(List.of("l_a", "l_c"));
            String removed = "changed: removed " + p.db + ".l_b";
            miner.awaitLog(removed, 10_000);
            loader.awaitLog(removed, 10_000);
            p.mysql.execute(p.db, "UPDATE l_b SET v = 'after' WHERE id = 1", "INSERT INTO l_b VALUES (3, 'after')",
                    "INSERT INTO l_a VALUES (3, 'three')", "INSERT INTO l_c VALUES (4, 'four')");
            p.awaitApplied(miner, loader, 30_000);
            LoaderPauseIT.awaitEqual(p, loader, "l_a", "l_c");
            assertThat(targetRows(p, "l_b")).as("l_b after it was removed from the list")
                    .containsExactly("1=one", "2=two");
            assertThat(loader.ownOutput()).doesNotContain(" ERROR ");
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
        }
    }

    private static long stagedChanges(Pipeline p, String table) throws Exception {
        try (Connection c = p.pg.connect(p.stagingDb); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM mysql2gp.changes WHERE tbl = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> targetRows(Pipeline p, String table) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = p.pg.connect(p.targetDb); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id || '=' || v FROM public." + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
