package io.mysql2gp.miner.source;

import java.util.List;

/**
 * What {@link Preflight} gathered from the source, as input to the pure {@link PreflightRules}.
 *
 * @param address          {@code host:port} of the source
 * @param server           the server's facts
 * @param account          the account as the server sees it, {@code user@host} from CURRENT_USER()
 * @param grantLines       SHOW GRANTS output; null when it could not be read
 * @param grantsError      why SHOW GRANTS failed, or null
 * @param dbExists         whether the configured database exists
 * @param replicaServerIds server ids of the replicas registered with the source; null when unknown
 */
public record PreflightFacts(
        String address,
        ServerInfo server,
        String account,
        List<String> grantLines,
        String grantsError,
        boolean dbExists,
        List<Long> replicaServerIds) {
}
