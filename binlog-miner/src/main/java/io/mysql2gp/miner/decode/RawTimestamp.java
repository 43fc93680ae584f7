package io.mysql2gp.miner.decode;

import java.io.Serializable;

/** A TIMESTAMP as seconds since the epoch (UTC) plus microseconds; 0/0 is MySQL's zero timestamp. */
public record RawTimestamp(long epochSecond, int micros) implements Serializable {
    public boolean isZero() {
        return epochSecond == 0 && micros == 0;
    }
}
