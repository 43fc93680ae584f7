package io.mysql2gp.common.sql;

import io.mysql2gp.common.config.PgConnectConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens PostgreSQL connections for a daemon: named after it in pg_stat_activity, with timeouts and keepalives. */
public final class PgConnections {
    private PgConnections() {}

    /** The JDBC properties of {@code target} plus the daemon's name and our defaults (password included). */
    public static Properties properties(PgConnectConfig target, String program) {
        Properties p = target.jdbcProperties();
        p.setProperty("ApplicationName", program + " pid " + ProcessHandle.current().pid());
        p.putIfAbsent("connectTimeout", "10");
        p.putIfAbsent("tcpKeepAlive", "true");
        return p;
    }

    public static Connection open(PgConnectConfig target, String program) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(), properties(target, program));
    }
}
