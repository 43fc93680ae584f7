/** Private throwaway MariaDB and PostgreSQL servers (or Testcontainers) for integration tests. */
package io.mysql2gp.testsupport;
