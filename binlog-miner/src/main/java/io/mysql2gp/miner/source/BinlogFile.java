package io.mysql2gp.miner.source;

/** One binary log file on the source server as {@code SHOW BINARY LOGS} lists it. */
public record BinlogFile(String name, long size) {
}
