package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.network.ServerException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ServerIdClashTest {
    @Test
    void theSourcesSameServerIdErrorIsRecognizedThroughWrappers() {
        ServerException mariadb = new ServerException("A slave with the same server_uuid/server_id is already connected;"
                + " the first event 'binlog.000001' at 4", 1236, "HY000");
        ServerException mysql = new ServerException("A replica with the same server_uuid/server_id as this replica has"
                + " connected to the source", 1236, "HY000");
        assertThat(ServerIdClash.is(mariadb)).isTrue();
        assertThat(ServerIdClash.is(new Exception("source connection lost", mysql))).isTrue();
    }

    @Test
    void otherBinlogReadErrorsAreNot() {
        assertThat(ServerIdClash.is(new ServerException("Could not find first log file name in binary log index file",
                1236, "HY000"))).isFalse();
        assertThat(ServerIdClash.is(new IOException("same server_uuid/server_id"))).isFalse();
        assertThat(ServerIdClash.is(null)).isFalse();
    }

    @Test
    void theMessageNamesSourceIdAndKey() {
        assertThat(ServerIdClash.message("db1", 3306, 4242)).isEqualTo("source db1:3306 dropped this miner's replication"
                + " connection because another replica connected with the same server id 4242 (another binlog_miner or"
                + " a replica using it); set [src.mysql] serverid to an id no other miner, replica or server uses");
    }
}
