/** The my.cnf configuration model, libpq connect strings and the table list, all validated up front. */
package io.mysql2gp.common.config;
