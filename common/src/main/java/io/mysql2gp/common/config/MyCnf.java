package io.mysql2gp.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The validated my.cnf of one task, as one daemon needs it. Sections a daemon does not need may be
 * null (absent, or ignored with warnings because of problems): {@code source} for the loader,
 * {@code target} for the miner; {@code miner} is never null (defaults when {@code [binlogminer]}
 * is absent, or ignored by the loader).
 *
 * @param warnings unknown sections or keys, repeated keys, unused incomplete sections, file permissions
 */
public record MyCnf(Path file, SourceConfig source, StagingConfig staging, TargetConfig target,
        LoaderSettings loader, MinerSettings miner, List<String> warnings) {

    static final Set<String> SECTIONS = Set.of(SourceConfig.SECTION, StagingConfig.SECTION, TargetConfig.SECTION,
            LoaderSettings.SECTION, MinerSettings.SECTION);
    /** Range of derived server ids: high enough to stay clear of hand-picked ones. */
    static final long DERIVED_SERVER_ID_MIN = 1_000_000L;
    static final long DERIVED_SERVER_ID_MAX = 1L << 31;

    public MyCnf {
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads and validates {@code file} for {@code daemon}.
     *
     * @throws ConfigException listing every problem found, each naming file, section and key
     */
    public static MyCnf load(Path file, Daemon daemon) {
        String label = file.toString();
        Map<String, Map<String, List<String>>> sections = IniFile.read(file);
        Path baseDir = file.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String name : sections.keySet()) {
            if (!SECTIONS.contains(name)) {
                warnings.add(label + ": [" + name + "]: unknown section, ignored" + Suggest.closest(name, SECTIONS)
                        .map(s -> " (did you mean [" + s + "]?)").orElse(""));
            }
        }
        Loader l = new Loader(label, daemon, sections, baseDir, problems, warnings);
        SourceConfig source = l.section(SourceConfig.SECTION, SourceConfig.KEYS, daemon == Daemon.MINER,
                SourceConfig::read);
        StagingConfig staging = l.section(StagingConfig.SECTION, StagingConfig.KEYS, true, StagingConfig::read);
        TargetConfig target = l.section(TargetConfig.SECTION, TargetConfig.KEYS, daemon == Daemon.LOADER,
                TargetConfig::read);
        LoaderSettings loader = l.section(LoaderSettings.SECTION, LoaderSettings.KEYS, true, LoaderSettings::read);
        MinerSettings miner = sections.containsKey(MinerSettings.SECTION)
                ? l.section(MinerSettings.SECTION, MinerSettings.KEYS, daemon == Daemon.MINER, MinerSettings::read)
                : null;
        if (miner == null) {
            miner = MinerSettings.defaults();
        }
        if (source != null && source.serverIdDerived() && staging != null && staging.connect() != null) {
            source = source.withDerivedServerId(deriveServerId(staging.connect()));
        }
        crossCheck(label, loader, miner, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        FilePermissions.warning(file).ifPresent(warnings::add);
        return new MyCnf(file, source, staging, target, loader, miner, warnings);
    }

    /** A server id in 1000000..2^31 that stays the same for the same staging database. */
    static long deriveServerId(PgConnectConfig staging) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(staging.identity().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        long h = java.nio.ByteBuffer.wrap(hash).getLong();
        return DERIVED_SERVER_ID_MIN + Math.floorMod(h, DERIVED_SERVER_ID_MAX - DERIVED_SERVER_ID_MIN + 1);
    }

    private static void crossCheck(String label, LoaderSettings loader, MinerSettings miner, List<String> problems) {
        if (loader == null || miner == null) {
            return;
        }
        if (miner.metricsPort() != 0 && miner.metricsPort() == loader.metricsPort()) {
            problems.add(label + ": [" + LoaderSettings.SECTION + "] metrics_port: " + loader.metricsPort()
                    + " is also [" + MinerSettings.SECTION + "] metrics_port; the two daemons need different ports");
        }
        if (miner.pidFile() != null && miner.pidFile().equals(loader.pidFile())) {
            problems.add(label + ": [" + LoaderSettings.SECTION + "] pid_file: " + loader.pidFile()
                    + " is also [" + MinerSettings.SECTION + "] pid_file; the two daemons need different files");
        }
    }

    /** The effective configuration as log lines, every password masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("config file " + file.toAbsolutePath());
        if (source != null) {
            lines.addAll(source.describe());
        }
        if (staging != null) {
            lines.addAll(staging.describe());
        }
        if (target != null) {
            lines.addAll(target.describe());
        }
        if (loader != null) {
            lines.addAll(loader.describe());
        }
        if (miner != null) {
            lines.addAll(miner.describe());
        }
        return lines;
    }

    /**
     * The source section, for a command that needs it (the loader's ddl and verify).
     *
     * @throws ConfigException naming the section and the command when it is absent or was ignored
     */
    public SourceConfig requireSource(String command) {
        if (source == null) {
            throw new ConfigException(file + ": [" + SourceConfig.SECTION + "]: missing or incomplete section ("
                    + command + " needs it)");
        }
        return source;
    }

    /** A warning line if {@code file} can be read by group or others (it holds passwords). */
    public static java.util.Optional<String> filePermissionWarning(Path file) {
        return FilePermissions.warning(file);
    }

    /** Reads the sections of one file for one daemon, collecting problems and warnings. */
    private record Loader(String label, Daemon daemon, Map<String, Map<String, List<String>>> sections, Path baseDir,
            List<String> problems, List<String> warnings) {

        /**
         * Reads one section. Problems in a section the daemon needs are errors; in one it does not
         * need they are warnings, and the section is ignored (null).
         */
        <T> T section(String name, List<Key<?>> keys, boolean needed, Function<SectionReader, T> read) {
            Map<String, List<String>> values = sections.get(name);
            if (values == null) {
                if (needed) {
                    problems.add(label + ": [" + name + "]: missing section (" + daemon.program() + " needs it)");
                }
                return null;
            }
            SectionReader r = new SectionReader(label, name, values, baseDir, warnings);
            r.checkKeys(keys);
            T result = read.apply(r);
            if (r.problems().isEmpty()) {
                return result;
            }
            if (needed) {
                problems.addAll(r.problems());
            } else {
                r.problems().forEach(p -> warnings.add(p + "; section ignored, " + daemon.program()
                        + " does not need [" + name + "]"));
            }
            return null;
        }
    }
}
