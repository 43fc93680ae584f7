package io.mysql2gp.miner.stream;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;

/** Receives the decoded source stream, in binlog order, one source transaction after another. */
public interface ChangeSink {
    /** A table schema version that rows arriving after this call refer to by {@code schemaId}. */
    void schema(int schemaId, TableSchema schema, BinlogPosition firstSeenAt) throws InterruptedException;

    /** A changed row of the current source transaction. */
    void row(StagedRow row) throws InterruptedException;

    /**
     * The end of a source transaction (or of a statement outside any transaction): everything
     * before {@code after} is now complete. Called for transactions with no staged rows too, so
     * that the stored position keeps moving.
     */
    void commit(BinlogPosition after, long eventTimeMillis) throws InterruptedException;
}
