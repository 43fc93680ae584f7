package io.mysql2gp.miner.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flavor and version number of a source server, parsed from {@code SELECT VERSION()}
 * (e.g. {@code 8.0.36-log}, {@code 10.11.19-MariaDB-0+deb12u1}, {@code 5.5.5-10.6.16-MariaDB}).
 */
public record ServerVersion(Flavor flavor, int major, int minor, int patch, String text) {

    /** MySQL (and Percona Server) or MariaDB. */
    public enum Flavor { MYSQL, MARIADB }

    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Parses a version string; the flavor is MariaDB when the text (or {@code versionComment}) says so. */
    public static ServerVersion parse(String version, String versionComment) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("empty server version");
        }
        String text = version.trim();
        boolean maria = text.toLowerCase(Locale.ROOT).contains("mariadb")
                || (versionComment != null && versionComment.toLowerCase(Locale.ROOT).contains("mariadb"));
        String numbers = text;
        // Old MariaDB replication handshakes prefix a fake 5.5.5- so that MySQL 5.x replicas accept them.
        if (maria && numbers.startsWith("5.5.5-")) {
            numbers = numbers.substring("5.5.5-".length());
        }
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.find()) {
            throw new IllegalArgumentException("cannot read a version number from '" + text + "'");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ServerVersion(maria ? Flavor.MARIADB : Flavor.MYSQL,
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text);
    }

    public static ServerVersion parse(String version) {
        return parse(version, null);
    }

    public boolean isMariaDb() {
        return flavor == Flavor.MARIADB;
    }

    /** Whether this version is at least {@code major.minor.patch}. */
    public boolean atLeast(int maj, int min, int pat) {
        if (major != maj) {
            return major > maj;
        }
        if (minor != min) {
            return minor > min;
        }
        return patch >= pat;
    }

    /** e.g. {@code MariaDB 10.11.19} or {@code MySQL 8.0.36}. */
    public String describe() {
        return (isMariaDb() ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
