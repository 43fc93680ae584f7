package io.mysql2gp.loader.run;

import io.mysql2gp.loader.apply.ApplyOptions;
import io.mysql2gp.loader.apply.Dialect;

/**
 * What the loader needs at run time, from my.cnf.
 *
 * @param loadBatch        apply at once when at least this many changes wait ...
 * @param loadBatchGapMs   ... else when the last batch is this old
 * @param maxBatchRows     end a batch at the first source transaction boundary after this many changes
 * @param maxBatchBytes    ... or this many staged bytes
 * @param chunkRows        changes per chunk handed from the reading thread to the merging one (bounds memory)
 * @param retryPausedMs    how often paused tables are retried
 */
public record LoaderOptions(
        String stagingId,
        String targetSchema,
        Dialect.Kind forcedDialect,
        ApplyOptions apply,
        int loadBatch,
        long loadBatchGapMs,
        int maxBatchRows,
        long maxBatchBytes,
        int chunkRows,
        long retryPausedMs,
        long progressIntervalMs) {}
