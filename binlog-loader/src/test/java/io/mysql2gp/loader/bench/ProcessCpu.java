package io.mysql2gp.loader.bench;

/** CPU seconds of processes and threads, from /proc (clock ticks of 1/100 s), for the benchmarks' accounting. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** User + system CPU seconds of a process so far, from /proc (clock ticks of 1/100 s). */
    static double seconds(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15 of stat(5)
    }

    /** CPU seconds per thread name (threads of one name summed, digits dropped: "GC Thread#0" is "GC Thread#"). */
    static java.util.Map<String, Double> byThread(long pid) throws Exception {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (java.io.IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** CPU seconds of every process named postgres on the machine (the private server's, the rest idle). */
    static double postgres() throws Exception {
        return postgresByProcess().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * CPU seconds of the postgres processes by their title (backends by database, autovacuum workers,
     * checkpointer...), ended processes not counted.
     */
    static java.util.Map<String, Double> postgresByProcess() throws Exception {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                try {
                    String stat = java.nio.file.Files.readString(p.resolve("stat"));
                    if (!stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                        continue;
                    }
                    String title = java.nio.file.Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim()
                            .replaceAll("^postgres: ", "").replaceAll("\\(\\d+\\).*", "")
                            .replaceAll(" (idle|COPY|SELECT|INSERT|DELETE|UPDATE|COMMIT|idle in transaction).*$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(title, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (java.io.IOException e) {
                    // ended meanwhile
                }
            }
        }
        return out;
    }

    /** The per-thread figures of {@code after} minus {@code before}, largest first, as one log fragment. */
    static String describe(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        java.util.Map<String, Double> d = new java.util.TreeMap<>(after);
        before.forEach((k, v) -> d.merge(k, -v, Double::sum));
        StringBuilder sb = new StringBuilder();
        d.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format(" %s %.2f", e.getKey(), e.getValue())));
        return sb.toString();
    }
}
