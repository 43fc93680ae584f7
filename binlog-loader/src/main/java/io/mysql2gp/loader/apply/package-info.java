/** Apply stage: writes merged changes of one table into the target PostgreSQL/Greenplum table with COPY and set-based SQL. */
package io.mysql2gp.loader.apply;
