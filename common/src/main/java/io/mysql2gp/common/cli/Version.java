package io.mysql2gp.common.cli;

/** The mysql2gp version, from the Implementation-Version of the jar manifest ("dev" outside a jar). */
public final class Version {
    public static final String FALLBACK = "dev";

    private Version() {
    }

    /** The version of the jar this class was loaded from, or {@value #FALLBACK}. */
    public static String current() {
        Package p = Version.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK : v;
    }
}
