package io.mysql2gp.miner;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.miner.source.BinlogReader;

/**
 * What the miner daemon needs to know at run time, taken from my.cnf by {@code Main}.
 *
 * @param db              the source database whose listed tables are staged
 * @param firstStart      where to start when staging holds no position ({@code binlogfile} +
 *                        {@code binlogfile_offset}); null when not configured
 * @param batchRows       commit staging once this many rows of whole source transactions gathered
 * @param flushIntervalMs ... or once the oldest uncommitted transaction is this old
 * @param heartbeatMs     refresh the stored position at least this often while idle
 * @param queueCapacity   rows (about) between the reader and the stage thread
 */
public record MinerOptions(
        BinlogReader.Endpoint source,
        String db,
        BinlogPosition firstStart,
        int batchRows,
        long flushIntervalMs,
        long heartbeatMs,
        int queueCapacity,
        long progressIntervalMs) {}
