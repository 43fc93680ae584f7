package io.mysql2gp.miner.decode;

import java.io.Serializable;

/** A DATE exactly as stored (zero and partial-zero dates included), proleptic Gregorian. */
public record RawDate(int year, int month, int day) implements Serializable {}
