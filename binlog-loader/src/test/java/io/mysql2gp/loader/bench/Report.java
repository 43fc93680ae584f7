package io.mysql2gp.loader.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result table (measure, value, target, ratio, pass/fail), printed and written as docs/PERFORMANCE.md. */
final class Report {
    /** One line; {@code target} and {@code ratio} may be empty, {@code pass} null when there is no target. */
    record Line(String measure, String value, String target, String ratio, Boolean pass) {}

    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void info(String measure, String value) {
        lines.add(new Line(measure, value, "", "", null));
    }

    void check(String measure, String value, String target, String ratio, boolean pass) {
        lines.add(new Line(measure, value, target, ratio, pass));
    }

    void note(String text) {
        notes.add(text);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f rows/s", perSecond);
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    String table() {
        String[] head = {"measure", "value", "target", "ratio", "result"};
        int[] w = new int[5];
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Line l : lines) {
            rows.add(new String[] {l.measure(), l.value(), l.target(), l.ratio(),
                l.pass() == null ? "" : l.pass() ? "PASS" : "FAIL"});
        }
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.append("| ");
            for (int i = 0; i < 5; i++) {
                out.append(r[i]).append(" ".repeat(w[i] - r[i].length())).append(" | ");
            }
            out.setLength(out.length() - 1);
            out.append('\n');
            if (k == 0) {
                out.append('|');
                for (int i = 0; i < 5; i++) {
                    out.append("-".repeat(w[i] + 2)).append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Writes the markdown file, keeping a hand-written "## Observations" section of an existing one. */
    void write(Path file, Map<String, String> machine, String conditions) throws IOException {
        String kept = "";
        if (Files.exists(file)) {
            String old = Files.readString(file, StandardCharsets.UTF_8);
            int i = old.indexOf("\n## Observations");
            if (i >= 0) {
                kept = old.substring(i + 1);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n");
        md.append("Measured by `scripts/bench.sh` (benchmark class `io.mysql2gp.loader.bench.PipelineBench` in the\n"
                + "binlog-loader test sources) against private MariaDB and PostgreSQL servers started for the run.\n"
                + "Every rate is set next to the physical limit measured in the same run on the same machine.\n\n");
        md.append("Run: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". ").append(conditions)
                .append("\n\n## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Results\n\n").append(table()).append('\n');
        if (!notes.isEmpty()) {
            md.append("## How each figure is measured\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
        md.append(kept);
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }
}
