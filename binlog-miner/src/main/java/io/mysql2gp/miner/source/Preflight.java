package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.source.SourceTls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks, before the miner starts, that the source server and account can feed it (see {@link PreflightRules}). */
public final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {
    }

    /** Connects, gathers the facts and evaluates them; an unreachable source or bad credentials is one failure. */
    /** Checks the source; logs the server summary and warnings, returns failures for the caller to report. */
    public static PreflightResult check(SourceConnections source, PreflightOptions options) {
        SourceEndpoint ep = source.endpoint();
        try (Connection c = source.open(null)) {
            PreflightFacts facts = gather(c, ep.address(), options.db());
            PreflightResult result = PreflightRules.evaluate(facts, options);
            LOG.info("preflight: source {} as '{}': {}", ep.address(), ep.user(), facts.server().summary());
            for (String w : result.warnings()) {
                LOG.warn("preflight: {}", w);
            }
            if (result.ok()) {
                LOG.info("preflight: source {} passed ({} warnings)", ep.address(), result.warnings().size());
            }
            return result;
        } catch (SourceException e) {
            String msg = SourceTls.isTlsFailure(e) ? e.getMessage()
                    : e.getMessage() + "; check host, port, user and password in [src.mysql]"
                            + " and that the server accepts TCP connections from this host";
            return new PreflightResult(List.of(msg), List.of(), null);
        } catch (SQLException e) {
            SourceException se = SourceConnections.failure(ep, "preflight query failed", e);
            return new PreflightResult(List.of(se.getMessage()), List.of(), null);
        }
    }

    static PreflightFacts gather(Connection c, String address, String db) throws SQLException {
        ServerInfo server = ServerInfo.read(c);
        String account = scalar(c, "SELECT CURRENT_USER()");
        List<String> grants = null;
        String grantsError = null;
        try {
            grants = column(c, "SHOW GRANTS FOR CURRENT_USER()");
        } catch (SQLException e) {
            grantsError = SourceException.reason(e);
        }
        boolean dbExists = false;
        if (db != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    dbExists = rs.next();
                }
            }
        }
        return new PreflightFacts(address, server, account, grants, grantsError, dbExists, replicaServerIds(c));
    }

    /** Server ids of registered replicas (SHOW REPLICAS, else SHOW SLAVE HOSTS); null when neither is allowed. */
    private static List<Long> replicaServerIds(Connection c) {
        for (String sql : List.of("SHOW REPLICAS", "SHOW SLAVE HOSTS")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                return ids;
            } catch (SQLException e) {
                LOG.debug("preflight: {} failed: {}", sql, e.getMessage());
            }
        }
        return null;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
