package io.mysql2gp.loader.apply;

/** What applying one table did: rows deleted (including by truncation), rows inserted, time taken. */
public record ApplyResult(long deletedRows, long insertedRows, long millis) {}
