package io.mysql2gp.loader.apply;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;

/**
 * The target flavour (PostgreSQL 12+ or Greenplum 6/7) and whether the server really is Greenplum.
 * All apply SQL stays in the subset PostgreSQL 9.4 (Greenplum 6) accepts, so both kinds send the
 * same statements; the only Greenplum-only syntax, {@code DISTRIBUTED BY}, is emitted when the
 * server really is Greenplum. Forcing {@link Kind#GREENPLUM} on a PostgreSQL server therefore
 * still runs (that is how the Greenplum mode is tested without a Greenplum server).
 */
public record Dialect(Kind kind, boolean greenplumServer) {
    /** The configured or detected flavour. */
    public enum Kind { POSTGRESQL, GREENPLUM }

    public Dialect {
        Objects.requireNonNull(kind, "kind");
    }

    /** The dialect for a {@code version()} string, with {@code forced} (may be null) overriding the detected kind. */
    public static Dialect of(String version, Kind forced) {
        boolean gp = version != null && version.toLowerCase(Locale.ROOT).contains("greenplum database");
        Kind detected = gp ? Kind.GREENPLUM : Kind.POSTGRESQL;
        return new Dialect(forced != null ? forced : detected, gp);
    }

    /** Asks the server for {@code version()}. */
    public static Dialect detect(Connection conn, Kind forced) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return of(rs.getString(1), forced);
        }
    }

    /** Whether {@code DISTRIBUTED BY}/{@code DISTRIBUTED RANDOMLY} may be sent (only to a real Greenplum). */
    public boolean supportsDistributedBy() {
        return greenplumServer;
    }
}
