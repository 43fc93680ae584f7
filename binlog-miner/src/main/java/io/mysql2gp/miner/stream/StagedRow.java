package io.mysql2gp.miner.stream;

import io.mysql2gp.common.model.Op;

/**
 * One change to stage: the images are canonical COPY lines (docs/STAGING.md), null where the
 * operation has none.
 */
public record StagedRow(
        String table,
        int schemaId,
        Op op,
        String keyOld,
        String keyNew,
        String rowNew,
        String binlogFile,
        long binlogPos,
        long eventTimeMillis) {}
