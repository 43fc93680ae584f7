package io.mysql2gp.miner.decode;

import java.io.Serializable;

/** A TIME value: sign, unbounded hours (-838..838 in MySQL), minutes, seconds, microseconds. */
public record RawTime(boolean negative, int hours, int minutes, int seconds, int micros) implements Serializable {}
