/** Retrying after transient failures: which errors are retriable, and capped exponential backoff. */
package io.mysql2gp.common.retry;
