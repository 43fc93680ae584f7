package io.mysql2gp.miner.decode;

import java.io.Serializable;

/** A DATETIME exactly as stored (zero dates included), with microseconds. */
public record RawDateTime(int year, int month, int day, int hour, int minute, int second, int micros)
        implements Serializable {}
