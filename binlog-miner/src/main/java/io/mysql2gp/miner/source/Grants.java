package io.mysql2gp.miner.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges an account holds, parsed from the lines of {@code SHOW GRANTS} (MySQL 5.7/8 and
 * MariaDB spellings); roles granted to the account are listed but not expanded.
 */
public final class Grants {

    /** One {@code GRANT privs ON db.table} line; db null means {@code *.*}, table null means {@code db.*}. */
    record Grant(Set<String> privileges, String db, String table) {
    }

    private final List<Grant> grants;
    private final List<String> roles;

    private Grants(List<Grant> grants, List<String> roles) {
        this.grants = List.copyOf(grants);
        this.roles = List.copyOf(roles);
    }

    /** Parses SHOW GRANTS lines; lines that are not privilege or role grants (PROXY, routines) are skipped. */
    public static Grants parse(List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (String line : lines) {
            GrantLineParser.parse(line, grants, roles);
        }
        return new Grants(grants, roles);
    }

    /** Roles granted to the account (their privileges are not visible here). */
    public List<String> roles() {
        return roles;
    }

    /** Whether {@code privilege} is held on {@code *.*} (directly or through ALL PRIVILEGES). */
    public boolean hasGlobal(String privilege) {
        String p = normalize(privilege);
        return grants.stream().anyMatch(g -> g.db() == null && holds(g, p));
    }

    /** Whether {@code privilege} is held on every table of {@code db}: globally or by a db-level grant matching it. */
    public boolean hasOnDatabase(String privilege, String db) {
        String p = normalize(privilege);
        return grants.stream().anyMatch(g -> holds(g, p)
                && (g.db() == null || (g.table() == null && matchesDbPattern(g.db(), db))));
    }

    /** Whether {@code privilege} is held on at least one single table of {@code db}. */
    public boolean hasOnSomeTable(String privilege, String db) {
        String p = normalize(privilege);
        return grants.stream().anyMatch(g -> holds(g, p) && g.table() != null && g.db().equals(db));
    }

    private static boolean holds(Grant g, String p) {
        return g.privileges().contains(p) || g.privileges().contains("ALL PRIVILEGES");
    }

    /** Upper case, single spaces, aliases folded: ALL, REPLICATION REPLICA, REPLICA MONITOR. */
    static String normalize(String privilege) {
        String p = privilege.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return switch (p) {
            case "ALL" -> "ALL PRIVILEGES";
            case "REPLICATION REPLICA" -> "REPLICATION SLAVE";
            case "REPLICA MONITOR" -> "SLAVE MONITOR";
            default -> p;
        };
    }

    /**
     * Matches a database name against a db-level grant's name, where {@code _} and {@code %} are
     * wildcards unless escaped with a backslash (as SHOW GRANTS prints {@code `app\_db`}).
     */
    static boolean matchesDbPattern(String pattern, String db) {
        return matches(pattern, 0, db, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (matches(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                if (p.charAt(pi + 1) != s.charAt(si)) {
                    return false;
                }
                pi += 2;
            } else if (c == '_' || c == s.charAt(si)) {
                pi++;
            } else {
                return false;
            }
            si++;
        }
        return si == s.length();
    }

    static Set<String> privilegeSet(List<String> names) {
        Set<String> set = new LinkedHashSet<>();
        for (String n : names) {
            set.add(normalize(n));
        }
        return set;
    }
}
