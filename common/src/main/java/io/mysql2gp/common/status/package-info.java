/** The {@code status} command of both daemons: what the miner, staging and loader report, and health rules. */
package io.mysql2gp.common.status;
