/** The source stage: connections to MySQL/MariaDB, server facts, preflight checks and table schemas. */
package io.mysql2gp.miner.source;
