package io.mysql2gp.miner.source;

import com.github.shyiko.mysql.binlog.network.ServerException;

/**
 * Recognizes the source dropping our replication connection because another replica (often a
 * second miner of another task) connected with the same server id. SHOW SLAVE HOSTS does not list
 * binlog clients that never register, so preflight cannot see such a miner: without this check the
 * two would disconnect each other forever, each reconnecting after its backoff.
 */
public final class ServerIdClash {
    private ServerIdClash() {}

    /** Whether {@code failure} (or a cause) is the source's "same server_uuid/server_id" error. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // no error code of its own (MySQL and MariaDB reuse the code of other binlog read errors): only the
            // message, "A slave|replica with the same server_uuid/server_id ...", tells this case apart
            if (t instanceof ServerException se && se.getMessage() != null
                    && se.getMessage().contains("same server_uuid/server_id")) {
                return true;
            }
        }
        return false;
    }

    /** The line for the user: which source, which id, which key to change. */
    public static String message(String host, int port, long serverId) {
        return "source " + host + ":" + port + " dropped this miner's replication connection because another replica"
                + " connected with the same server id " + serverId + " (another binlog_miner or a replica using it);"
                + " set [src.mysql] serverid to an id no other miner, replica or server uses";
    }
}
