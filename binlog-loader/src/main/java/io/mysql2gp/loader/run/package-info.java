/** The loader's run loop: batches of staged changes applied to the target with their checkpoint. */
package io.mysql2gp.loader.run;
