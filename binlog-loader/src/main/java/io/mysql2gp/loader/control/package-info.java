/** Loader commands besides the daemon itself: {@code binlog_loader ddl} prints target CREATE TABLE statements. */
package io.mysql2gp.loader.control;
