package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

class ServerInfoIT {

    @Test
    void readsTheSharedMariaDb() throws Exception {
        MysqlServer server = TestServers.mysql();
        server.execute(null, "FLUSH BINARY LOGS");
        try (Connection c = server.connect(null)) {
            ServerInfo info = ServerInfo.read(c);
            assertThat(info.flavor()).isEqualTo(ServerVersion.Flavor.MARIADB);
            assertThat(info.version().major()).isGreaterThanOrEqualTo(10);
            assertThat(info.serverId()).isEqualTo(1);
            assertThat(info.logBin()).isTrue();
            assertThat(info.binlogFormat()).isEqualTo("ROW");
            assertThat(info.binlogRowImage()).isEqualTo("FULL");
            assertThat(info.binlogRowMetadata()).isEqualTo("FULL");
            assertThat(info.binlogRowValueOptions()).isNull();
            assertThat(info.logBinCompress()).isFalse();
            assertThat(info.gtidMode()).isNull();
            assertThat(info.gtidPosition()).isNotNull();
            assertThat(info.binlogChecksum()).isEqualTo("CRC32");
            assertThat(info.binlogFilesError()).isNull();
            assertThat(info.binlogFiles()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(f -> assertThat(f.name()).startsWith("binlog.").matches(n -> n.matches("binlog\\.\\d{6}")));
            assertThat(info.binlogFiles().get(0).size()).isGreaterThan(4);
            String newest = info.binlogFiles().get(info.binlogFiles().size() - 1).name();
            assertThat(info.currentPosition()).isNotNull();
            assertThat(info.currentPosition().file()).isEqualTo(newest);
            assertThat(info.currentPosition().position()).isGreaterThanOrEqualTo(4);
            assertThat(info.binlogFile(newest)).isNotNull();
            assertThat(info.binlogFile("binlog.999999")).isNull();
            assertThat(info.expireLogsSeconds()).isZero();
        }
    }

    @Test
    void readsNonDefaultSettingsOfAPrivateServer() throws Exception {
        try (MysqlServer server = TestServers.newMysql("--server-id=4242", "--binlog-format=MIXED",
                "--binlog-row-image=MINIMAL", "--binlog-row-metadata=NO_LOG", "--log-bin-compress=ON",
                "--binlog-checksum=NONE", "--expire-logs-days=2");
             Connection c = server.connect(null)) {
            ServerInfo info = ServerInfo.read(c);
            assertThat(info.serverId()).isEqualTo(4242);
            assertThat(info.binlogFormat()).isEqualTo("MIXED");
            assertThat(info.binlogRowImage()).isEqualTo("MINIMAL");
            assertThat(info.binlogRowMetadata()).isEqualTo("NO_LOG");
            assertThat(info.logBinCompress()).isTrue();
            assertThat(info.binlogChecksum()).isEqualTo("NONE");
            assertThat(info.expireLogsSeconds()).isEqualTo(2 * 86400);
        }
    }

    @Test
    void serverWithoutBinlogSaysSo() throws Exception {
        try (MysqlServer server = TestServers.newMysql("--skip-log-bin");
             Connection c = server.connect(null)) {
            ServerInfo info = ServerInfo.read(c);
            assertThat(info.logBin()).isFalse();
            assertThat(info.binlogFiles()).isEmpty();
            assertThat(info.binlogFilesError()).contains("1381");
            assertThat(info.currentPosition()).isNull();
        }
    }
}
