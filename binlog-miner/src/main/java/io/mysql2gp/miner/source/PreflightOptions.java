package io.mysql2gp.miner.source;

import io.mysql2gp.common.model.BinlogPosition;

/**
 * What the miner is about to do, for {@link Preflight}: the database it reads, where it will start,
 * and its own replica server id.
 *
 * @param db            the replicated database (null: not checked)
 * @param start         the start position (configured binlogfile/binlogfile_offset, or the stored position); null = the server's current position
 * @param startIsStored whether {@code start} is the stored position (a missing file then means it was purged)
 * @param minerServerId the server id the miner's binlog client uses; 0 = not checked
 */
public record PreflightOptions(String db, BinlogPosition start, boolean startIsStored, long minerServerId) {
}
