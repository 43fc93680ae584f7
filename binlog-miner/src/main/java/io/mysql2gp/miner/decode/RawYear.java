package io.mysql2gp.miner.decode;

import java.io.Serializable;

/** A YEAR value: 0 for 0000, otherwise 1901..2155. */
public record RawYear(int year) implements Serializable {}
