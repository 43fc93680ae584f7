package io.mysql2gp.loader.poll;

import java.util.List;

/**
 * What one {@link StagingPurger#purge} round did: the partitions it dropped (schema-qualified
 * names, in seq order), about how many staged rows they held (their highest seq minus their lowest
 * plus one: exact while seqs are gap-free, as the miner writes them), and whether it stopped early because a lock
 * on the change log was not granted in time (the next round retries).
 */
public record PurgeResult(List<String> dropped, long rowsEstimate, boolean deferred) {
    public PurgeResult {
        dropped = List.copyOf(dropped);
    }

    public int partitions() {
        return dropped.size();
    }
}
