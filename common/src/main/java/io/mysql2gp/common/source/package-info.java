/** JDBC access to the source MySQL/MariaDB server: connections and information_schema. */
package io.mysql2gp.common.source;
