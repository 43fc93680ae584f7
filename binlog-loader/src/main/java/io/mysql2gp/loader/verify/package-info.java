/** {@code binlog_loader verify}: compares source and target tables by chunk checksums computed in SQL on both sides. */
package io.mysql2gp.loader.verify;
