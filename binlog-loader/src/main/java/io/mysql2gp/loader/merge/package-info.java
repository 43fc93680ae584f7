/**
 * Merge stage of the loader: reduces one batch of staged changes to the final state of each key
 * (keys to delete, rows to insert), pure and without I/O.
 */
package io.mysql2gp.loader.merge;
