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
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.Part;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import io.mysql2gp.common.status.StatusFacts.TargetFacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Renders status facts and their verdict as text for people or as one JSON object for scripts. */
public record StatusReport(StatusFacts facts, Health health) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static StatusReport of(StatusFacts facts, HealthRules.Thresholds thresholds) {
        return new StatusReport(facts, HealthRules.evaluate(facts, thresholds));
    }

    private String verdict() {
        return switch (health.exitCode()) {
            case HealthRules.HEALTHY -> "healthy";
            case HealthRules.UNHEALTHY -> "unhealthy";
            default -> "unreachable";
        };
    }

    /** Table name to its state: "ok", or "paused" with the paused row; the listed tables first. */
    private Map<String, Paused> tableStates() {
        Set<String> names = new LinkedHashSet<>(facts.tables());
        Map<String, Paused> paused = new LinkedHashMap<>();
        if (facts.target().read()) {
            facts.target().value().paused().forEach(p -> paused.put(p.table(), p));
        }
        names.addAll(paused.keySet());
        Backlog b = facts.staging().read() ? facts.staging().value().backlog() : null;
        if (b != null && b.perTable() != null) {
            names.addAll(b.perTable().keySet());
        }
        Map<String, Paused> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, paused.get(n)));
        return out;
    }

    /** The report for people, several lines. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("status at ").append(facts.now()).append(": ").append(verdict().toUpperCase(java.util.Locale.ROOT))
                .append(" (exit code ").append(health.exitCode()).append(")\n");
        health.unreachable().forEach(p -> sb.append("  cannot read ").append(p).append('\n'));
        health.problems().forEach(p -> sb.append("  problem: ").append(p).append('\n'));
        Part<StagingFacts> st = facts.staging();
        StagingFacts s = st.value();
        MinerState m = s == null ? null : s.state();
        sb.append("miner:   ").append(s == null ? "unknown (staging not readable)" : running(s.miner())).append('\n');
        if (m != null) {
            sb.append("  position  ").append(m.position().file()).append(':').append(m.position().position())
                    .append(m.position().gtid() == null ? "" : "  gtid " + m.position().gtid()).append('\n');
            sb.append("  updated   ").append(m.updatedAt()).append(" (").append(HealthRules.secondsBetween(m.updatedAt(), s.now()))
                    .append(" s ago); last staged commit on the source ").append(m.sourceTs() == null ? "unknown" : m.sourceTs())
                    .append('\n');
        } else if (s != null) {
            sb.append("  has staged nothing yet\n");
        }
        sb.append("source:  ");
        if (!facts.source().configured()) {
            sb.append("not configured ([src.mysql])\n");
        } else if (!facts.source().read()) {
            sb.append("not readable: ").append(facts.source().error()).append('\n');
        } else {
            var cur = facts.source().value().current();
            sb.append("at ").append(cur.file()).append(':').append(cur.position())
                    .append(cur.gtid() == null ? "" : "  gtid " + cur.gtid());
            SourceLag lag = HealthRules.sourceLag(m, facts.source().value(), facts.now());
            if (lag.bytesBehind() != null) {
                sb.append("; miner ").append(lag.bytesBehind()).append(" bytes, ").append(lag.filesBehind())
                        .append(" files behind");
                if (lag.secondsBehind() != null) {
                    sb.append(lag.secondsBehind() == 0 ? ", caught up" : ", at most " + lag.secondsBehind() + " s behind");
                }
            }
            sb.append(lag.note() == null ? "" : "; " + lag.note()).append('\n');
        }
        sb.append("staging: ");
        if (s == null) {
            sb.append("not readable: ").append(st.error()).append('\n');
        } else {
            sb.append("last seq ").append(m == null ? "-" : m.lastSeq() + " (txn " + m.lastTxn() + ")");
            Backlog b = s.backlog();
            if (b == null) {
                sb.append("; backlog unknown (loader checkpoint not readable)\n");
            } else {
                sb.append("; backlog ").append(b.rows()).append(" changes, ").append(b.bytesExact() ? "" : "about ")
                        .append(b.bytes()).append(" bytes");
                if (b.oldestEventTs() != null) {
                    sb.append(", oldest from ").append(b.oldestEventTs()).append(" (")
                            .append(HealthRules.secondsBetween(b.oldestEventTs(), s.now())).append(" s ago)");
                }
                sb.append('\n');
            }
        }
        sb.append("loader:  ").append(s == null ? "unknown (staging not readable)" : running(s.loader())).append('\n');
        Part<TargetFacts> tg = facts.target();
        if (!tg.configured()) {
            sb.append("  target not configured ([desc.pgsql])\n");
        } else if (!tg.read()) {
            sb.append("  target not readable: ").append(tg.error()).append('\n');
        } else if (tg.value().checkpoint() == null) {
            sb.append("  has applied nothing yet\n");
        } else {
            Checkpoint c = tg.value().checkpoint();
            sb.append("  applied   seq ").append(c.appliedSeq()).append(" (txn ").append(c.appliedTxn()).append(") at ")
                    .append(c.appliedAt()).append(" (").append(HealthRules.secondsBetween(c.appliedAt(), tg.value().now()))
                    .append(" s ago); ").append(c.rowsApplied()).append(" target rows written in total\n");
        }
        Map<String, Paused> tables = tableStates();
        if (!tables.isEmpty()) {
            sb.append("tables:\n");
            tables.forEach((name, p) -> {
                Long waiting = unapplied(name, p);
                sb.append("  ").append(String.format("%-24s", name));
                sb.append(p == null ? (tg.read() ? "ok" : "unknown") : "PAUSED since " + p.since() + " from staged seq "
                        + p.fromSeq() + ": " + p.reason());
                if (waiting != null) {
                    sb.append("; ").append(waiting).append(" unapplied");
                }
                sb.append('\n');
            });
        }
        return sb.toString();
    }

    /** Staged changes {@code table} has not got yet: a paused table's from its pause on; null when unknown. */
    private Long unapplied(String table, Paused p) {
        StagingFacts s = facts.staging().value();
        if (s == null) {
            return null;
        }
        if (p != null) {
            return s.pausedWaiting().get(table);
        }
        Map<String, Long> per = s.backlog() == null ? null : s.backlog().perTable();
        return per == null ? null : per.getOrDefault(table, 0L);
    }

    private static String running(Lock l) {
        return l.held() ? "running (" + l.holder() + ")" : "NOT RUNNING";
    }

    /** The report as one JSON object (timestamps ISO-8601 UTC, ages in seconds, absent values null). */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", verdict());
        root.put("exit_code", health.exitCode());
        root.put("checked_at", facts.now().toString());
        ArrayNode problems = root.putArray("problems");
        health.problems().forEach(problems::add);
        ArrayNode unreachable = root.putArray("unreachable");
        health.unreachable().forEach(unreachable::add);
        StagingFacts s = facts.staging().value();
        MinerState m = s == null ? null : s.state();

        ObjectNode miner = root.putObject("miner");
        lock(miner, s == null ? null : s.miner());
        miner.put("binlog_file", m == null ? null : m.position().file());
        putLong(miner, "binlog_pos", m == null ? null : m.position().position());
        miner.put("gtid", m == null ? null : m.position().gtid());
        putLong(miner, "last_seq", m == null ? null : m.lastSeq());
        putLong(miner, "last_txn", m == null ? null : m.lastTxn());
        time(miner, "source_ts", m == null ? null : m.sourceTs());
        time(miner, "updated_at", m == null ? null : m.updatedAt());
        putLong(miner, "heartbeat_age_seconds", m == null ? null : HealthRules.secondsBetween(m.updatedAt(), s.now()));

        ObjectNode source = part(root.putObject("source"), facts.source());
        if (facts.source().read()) {
            var cur = facts.source().value().current();
            source.put("binlog_file", cur.file());
            source.put("binlog_pos", cur.position());
            source.put("gtid", cur.gtid());
            SourceLag lag = HealthRules.sourceLag(m, facts.source().value(), facts.now());
            putLong(source, "bytes_behind", lag.bytesBehind());
            putLong(source, "files_behind", lag.filesBehind() == null ? null : lag.filesBehind().longValue());
            putLong(source, "seconds_behind", lag.secondsBehind());
            source.put("note", lag.note());
        }

        ObjectNode staging = part(root.putObject("staging"), facts.staging());
        Backlog b = s == null ? null : s.backlog();
        putLong(staging, "backlog_rows", b == null ? null : b.rows());
        putLong(staging, "backlog_bytes", b == null ? null : b.bytes());
        if (b != null) {
            staging.put("backlog_bytes_exact", b.bytesExact());
        }
        time(staging, "oldest_unapplied_event_ts", b == null ? null : b.oldestEventTs());
        putLong(staging, "oldest_unapplied_age_seconds", b == null || b.oldestEventTs() == null ? null
                : HealthRules.secondsBetween(b.oldestEventTs(), s.now()));

        ObjectNode loader = root.putObject("loader");
        lock(loader, s == null ? null : s.loader());
        ObjectNode target = part(root.putObject("target"), facts.target());
        Checkpoint c = facts.target().read() ? facts.target().value().checkpoint() : null;
        putLong(loader, "applied_seq", c == null ? null : c.appliedSeq());
        putLong(loader, "applied_txn", c == null ? null : c.appliedTxn());
        time(loader, "applied_at", c == null ? null : c.appliedAt());
        putLong(loader, "applied_age_seconds", c == null ? null
                : HealthRules.secondsBetween(c.appliedAt(), facts.target().value().now()));
        putLong(loader, "rows_applied", c == null ? null : c.rowsApplied());
        target.put("readable", facts.target().read());

        ArrayNode tables = root.putArray("tables");
        tableStates().forEach((name, p) -> {
            ObjectNode t = tables.addObject();
            t.put("table", name);
            t.put("state", p != null ? "paused" : facts.target().read() ? "ok" : "unknown");
            t.put("reason", p == null ? null : p.reason());
            putLong(t, "paused_from_seq", p == null ? null : p.fromSeq());
            time(t, "paused_since", p == null ? null : p.since());
            putLong(t, "unapplied", unapplied(name, p));
        });
        return root.toString();
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
