package io.mysql2gp.loader.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Samples a daemon JVM's heap with {@code jstat -gc <pid> <interval>} (reads the JVM's perf-data
 * memory: no attach, no safepoint, nothing changed in the daemon) and keeps the peaks.
 */
final class HeapSampler implements AutoCloseable {
    private final Process jstat;
    private final Thread reader;
    private volatile long peakUsedKb;
    private volatile long peakCommittedKb;
    private volatile long fullGcs;
    private volatile long samples;

    private HeapSampler(long pid, int intervalMillis) throws IOException {
        String jstatPath = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        jstat = new ProcessBuilder(jstatPath, "-gc", Long.toString(pid), Integer.toString(intervalMillis))
                .redirectErrorStream(true).start();
        reader = new Thread(this::read, "heap-sampler-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts sampling the child JVM of this process whose command line holds {@code mainClass} and {@code config}. */
    static HeapSampler of(String mainClass, Path config, int intervalMillis) throws IOException {
        return new HeapSampler(pidOf(mainClass, config), intervalMillis);
    }

    /** Reads /proc/PID/cmdline (ProcessHandle.Info drops arguments of very long command lines). */
    static long pidOf(String mainClass, Path config) {
        Optional<ProcessHandle> p = ProcessHandle.current().descendants()
                .filter(h -> {
                    String cmd = cmdline(h.pid());
                    return cmd.contains(mainClass) && cmd.contains(config.toString());
                })
                .findFirst();
        return p.orElseThrow(() -> new IllegalStateException("no running " + mainClass + " with " + config)).pid();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 0 && f[0].equals("S0C")) {
                    header = Arrays.asList(f);
                    continue;
                }
                if (header == null || f.length != header.size()) {
                    continue;
                }
                double used = 0;
                double committed = 0;
                for (String col : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(f[header.indexOf(col)]);
                }
                for (String col : List.of("S0C", "S1C", "EC", "OC")) {
                    committed += Double.parseDouble(f[header.indexOf(col)]);
                }
                peakUsedKb = Math.max(peakUsedKb, (long) used);
                peakCommittedKb = Math.max(peakCommittedKb, (long) committed);
                fullGcs = (long) Double.parseDouble(f[header.indexOf("FGC")]);
                samples++;
            }
        } catch (IOException | RuntimeException e) {
            // the daemon or jstat ended; keep what was sampled
        }
    }

    double peakUsedMb() {
        return peakUsedKb / 1024.0;
    }

    double peakCommittedMb() {
        return peakCommittedKb / 1024.0;
    }

    long fullGcs() {
        return fullGcs;
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        jstat.waitFor();
        reader.join(2_000);
    }
}
