/**
 * Poll stage of the loader: reads committed changes from the staging change log in seq order with
 * bounded memory, reports the miner's progress, and drops fully applied change-log partitions.
 */
package io.mysql2gp.loader.poll;
