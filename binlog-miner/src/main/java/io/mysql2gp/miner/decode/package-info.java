/** Decode stage: binlog events and table maps to canonical staging text (pure, no sockets, no JDBC). */
package io.mysql2gp.miner.decode;
