package io.mysql2gp.common.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mysql2gp.common.status.HealthRules.Health;
import io.mysql2gp.common.status.HealthRules.SourceLag;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.Checkpoint;
import io.mysql2gp.common.status.StatusFacts.Lock;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Part;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import java.time.Instant;

/** The JSON form of a status report: one object with the verdict, then one member per part. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {}

    static String render(StatusReport r) {
        StatusFacts facts = r.facts();
        Health health = r.health();
        ObjectNode root = JSON.createObjectNode();
        root.put("status", r.verdict());
        root.put("exit_code", health.exitCode());
        root.put("checked_at", facts.now().toString());
        ArrayNode problems = root.putArray("problems");
        health.problems().forEach(problems::add);
        ArrayNode unreachable = root.putArray("unreachable");
        health.unreachable().forEach(unreachable::add);
        StagingFacts s = facts.staging().value();
        MinerState m = s == null ? null : s.state();
        miner(root.putObject("miner"), s, m);
        source(part(root.putObject("source"), facts.source()), facts, m);
        staging(part(root.putObject("staging"), facts.staging()), s);
        loader(root.putObject("loader"), s, facts);
        part(root.putObject("target"), facts.target()).put("readable", facts.target().read());
        ArrayNode tables = root.putArray("tables");
        r.tableStates().forEach((name, p) -> {
            ObjectNode t = tables.addObject();
            t.put("table", name);
            t.put("state", p != null ? "paused" : facts.target().read() ? "ok" : "unknown");
            t.put("reason", p == null ? null : p.reason());
            putLong(t, "paused_from_seq", p == null ? null : p.fromSeq());
            time(t, "paused_since", p == null ? null : p.since());
            putLong(t, "unapplied", r.unapplied(name, p));
        });
        return root.toString();
    }

    private static void miner(ObjectNode miner, StagingFacts s, MinerState m) {
        lock(miner, s == null ? null : s.miner());
        miner.put("binlog_file", m == null ? null : m.position().file());
        putLong(miner, "binlog_pos", m == null ? null : m.position().position());
        miner.put("gtid", m == null ? null : m.position().gtid());
        putLong(miner, "last_seq", m == null ? null : m.lastSeq());
        putLong(miner, "last_txn", m == null ? null : m.lastTxn());
        time(miner, "source_ts", m == null ? null : m.sourceTs());
        time(miner, "updated_at", m == null ? null : m.updatedAt());
        putLong(miner, "heartbeat_age_seconds", m == null ? null : HealthRules.secondsBetween(m.updatedAt(), s.now()));
    }

    private static void source(ObjectNode source, StatusFacts facts, MinerState m) {
        if (!facts.source().read()) {
            return;
        }
        var cur = facts.source().value().current();
        source.put("binlog_file", cur.file());
        source.put("binlog_pos", cur.position());
        source.put("gtid", cur.gtid());
        SourceLag lag = HealthRules.sourceLag(m, facts.source().value(), facts.now());
        putLong(source, "bytes_behind", lag.bytesBehind());
        putLong(source, "files_behind", lag.filesBehind() == null ? null : lag.filesBehind().longValue());
        putLong(source, "seconds_behind", lag.secondsBehind());
        source.put("note", lag.note());
        var logs = facts.source().value().logs();
        source.put("oldest_binlog_file", logs.isEmpty() ? null : logs.get(0).name());
        Integer before = HealthRules.filesBeforeMiner(m, facts.source().value());
        putLong(source, "binlog_files_before_miner", before == null ? null : before.longValue());
    }

    private static void staging(ObjectNode staging, StagingFacts s) {
        Backlog b = s == null ? null : s.backlog();
        putLong(staging, "backlog_rows", b == null ? null : b.rows());
        putLong(staging, "backlog_bytes", b == null ? null : b.bytes());
        if (b != null) {
            staging.put("backlog_bytes_exact", b.bytesExact());
        }
        time(staging, "oldest_unapplied_event_ts", b == null ? null : b.oldestEventTs());
        putLong(staging, "oldest_unapplied_age_seconds", b == null || b.oldestEventTs() == null ? null
                : HealthRules.secondsBetween(b.oldestEventTs(), s.now()));
    }

    private static void loader(ObjectNode loader, StagingFacts s, StatusFacts facts) {
        lock(loader, s == null ? null : s.loader());
        Checkpoint c = facts.target().read() ? facts.target().value().checkpoint() : null;
        putLong(loader, "applied_seq", c == null ? null : c.appliedSeq());
        putLong(loader, "applied_txn", c == null ? null : c.appliedTxn());
        time(loader, "applied_at", c == null ? null : c.appliedAt());
        putLong(loader, "applied_age_seconds", c == null ? null
                : HealthRules.secondsBetween(c.appliedAt(), facts.target().value().now()));
        putLong(loader, "rows_applied", c == null ? null : c.rowsApplied());
    }

    private static ObjectNode part(ObjectNode node, Part<?> p) {
        node.put("configured", p.configured());
        node.put("error", p.error());
        return node;
    }

    private static void lock(ObjectNode node, Lock l) {
        if (l == null) {
            node.putNull("running");
        } else {
            node.put("running", l.held());
        }
        node.put("holder", l == null ? null : l.holder());
    }

    private static void putLong(ObjectNode node, String name, Long v) {
        if (v == null) {
            node.putNull(name);
        } else {
            node.put(name, v.longValue());
        }
    }

    private static void time(ObjectNode node, String name, Instant t) {
        node.put(name, t == null ? null : t.toString());
    }
}
