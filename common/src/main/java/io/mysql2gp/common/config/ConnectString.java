package io.mysql2gp.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Parses a libpq connection string, either {@code key=value} pairs (libpq quoting: single quotes,
 * {@code \'} and {@code \\}) or a {@code postgresql://} URI, into a {@link PgConnectConfig} with
 * libpq's defaults. Error messages name the problem and the key, never a password.
 */
public final class ConnectString {
    static final Set<String> KEYS = Set.of("host", "hostaddr", "port", "dbname", "user", "password", "sslmode",
            "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options");
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private ConnectString() {
    }

    /** Parses with the defaults of this process: OS user from {@code user.name}, {@code PGPASSWORD}. */
    public static PgConnectConfig parse(String text) {
        return parse(text, System::getenv, System.getProperty("user.name"));
    }

    /** Parses with the given environment and OS user name (for tests). */
    static PgConnectConfig parse(String text, UnaryOperator<String> env, String osUser) {
        if (text == null) {
            throw new ConnectStringException("connect string is missing");
        }
        String t = text.strip();
        Map<String, String> kv = t.startsWith("postgresql://") || t.startsWith("postgres://")
                ? PgUri.parse(t)
                : parseKeywords(t);
        return build(kv, env, osUser);
    }

    /** key=value pairs with libpq's rules; later keys win, as in libpq. */
    static Map<String, String> parseKeywords(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = s.length();
        int i = 0;
        boolean afterUnquotedPassword = false;
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
                i++;
            }
            String key = s.substring(start, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (afterUnquotedPassword && (i >= n || s.charAt(i) != '=' || !KEYS.contains(key))) {
                // most likely the rest of a password with a space in it: do not echo it
                throw new ConnectStringException("text after the unquoted password value is not a key=value pair:"
                        + " quote a password that contains spaces, e.g. password='my secret'");
            }
            if (key.isEmpty()) {
                throw new ConnectStringException("missing key before \"=\" at position " + (i + 1));
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new ConnectStringException("missing \"=\" after \"" + shorten(key) + "\"");
            }
            if (!KEYS.contains(key)) {
                throw unknownKey(key);
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            boolean quoted = i < n && s.charAt(i) == '\'';
            if (quoted) {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new ConnectStringException("unterminated quoted value for \"" + key + "\"");
                    }
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '\'') {
                        break;
                    } else {
                        value.append(c);
                    }
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            afterUnquotedPassword = !quoted && key.equals("password");
            out.put(key, value.toString());
        }
    }

    private static PgConnectConfig build(Map<String, String> kv, UnaryOperator<String> env, String osUser) {
        String host = emptyToNull(kv.get("host"));
        if (host != null && host.indexOf(',') >= 0) {
            throw new ConnectStringException("more than one host (\"" + host + "\") is not supported");
        }
        String hostaddr = emptyToNull(kv.get("hostaddr"));
        int port = number(kv, "port", 5432, 1, 65535);
        String user = emptyToNull(kv.get("user"));
        if (user == null) {
            user = osUser;
        }
        if (user == null || user.isEmpty()) {
            throw new ConnectStringException("no user given and the OS user name is unknown");
        }
        String dbname = emptyToNull(kv.get("dbname"));
        String password = kv.containsKey("password") ? kv.get("password") : env.apply("PGPASSWORD");
        String sslmode = emptyToNull(kv.get("sslmode"));
        if (sslmode != null && !SSL_MODES.contains(sslmode)) {
            throw new ConnectStringException("invalid sslmode \"" + shorten(sslmode) + "\"; expected one of "
                    + "disable, allow, prefer, require, verify-ca, verify-full");
        }
        Integer timeout = kv.containsKey("connect_timeout")
                ? number(kv, "connect_timeout", 0, 0, Integer.MAX_VALUE) : null;
        return new PgConnectConfig(host, hostaddr, port, dbname == null ? user : dbname, user,
                Secret.of(password), sslmode, emptyToNull(kv.get("sslrootcert")), emptyToNull(kv.get("sslcert")),
                emptyToNull(kv.get("sslkey")), timeout, emptyToNull(kv.get("application_name")),
                emptyToNull(kv.get("options")));
    }

    private static int number(Map<String, String> kv, String key, int dflt, int min, int max) {
        String v = emptyToNull(kv.get(key));
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConnectStringException("invalid " + key + " \"" + shorten(v) + "\"; expected a number from "
                + min + " to " + max);
    }

    static ConnectStringException unknownKey(String key) {
        return new ConnectStringException("unknown key \"" + shorten(key) + "\"; known keys: host, hostaddr, port,"
                + " dbname, user, password, sslmode, sslrootcert, sslcert, sslkey, connect_timeout,"
                + " application_name, options");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
