package io.mysql2gp.common.status;

import io.mysql2gp.common.status.HealthRules.Health;
import io.mysql2gp.common.status.HealthRules.SourceLag;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.Checkpoint;
import io.mysql2gp.common.status.StatusFacts.Lock;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Part;
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import io.mysql2gp.common.status.StatusFacts.TargetFacts;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Renders status facts and their verdict as text for people or as one JSON object for scripts. */
public record StatusReport(StatusFacts facts, Health health) {
    public static StatusReport of(StatusFacts facts, HealthRules.Thresholds thresholds) {
        return new StatusReport(facts, HealthRules.evaluate(facts, thresholds));
    }

    String verdict() {
        return switch (health.exitCode()) {
            case HealthRules.HEALTHY -> "healthy";
            case HealthRules.UNHEALTHY -> "unhealthy";
            default -> "unreachable";
        };
    }

    /** Table name to its state: "ok", or "paused" with the paused row; the listed tables first. */
    Map<String, Paused> tableStates() {
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
            Integer before = HealthRules.filesBeforeMiner(m, facts.source().value());
            if (before != null) {
                sb.append("; oldest binlog ").append(facts.source().value().logs().get(0).name()).append(", ")
                        .append(before).append(" file(s) before the miner's");
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
    Long unapplied(String table, Paused p) {
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
        return StatusJson.render(this);
    }
}
