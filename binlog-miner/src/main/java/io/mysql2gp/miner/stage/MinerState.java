package io.mysql2gp.miner.stage;

import io.mysql2gp.common.model.BinlogPosition;

/**
 * The miner's stored progress: the next binlog event to read, the last staged seq and source
 * transaction ordinal, and the time of the last staged source event (0 if none).
 */
public record MinerState(Long serverId, BinlogPosition position, long lastSeq, long lastTxn, long sourceTimeMillis) {}
