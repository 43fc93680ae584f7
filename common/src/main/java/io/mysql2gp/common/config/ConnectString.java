package io.mysql2gp.common.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
                ? parseUri(t)
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

    /** {@code postgres[ql]://[user[:password]@][host][:port][/dbname][?key=value&...]}, percent-decoded. */
    static Map<String, String> parseUri(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = s.substring(s.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String netloc = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0 && slash + 1 < rest.length()) {
            out.put("dbname", decode(rest.substring(slash + 1), "the database name"));
        }
        int at = netloc.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = netloc.substring(0, at);
            netloc = netloc.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                out.put("user", decode(user, "the user name"));
            }
            if (colon >= 0) {
                out.put("password", decode(userInfo.substring(colon + 1), "the password"));
            }
        }
        parseHostPort(netloc, out);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ConnectStringException("URI parameter without \"key=\" in the query string");
                }
                String key = decode(pair.substring(0, eq), "a parameter name");
                if (!KEYS.contains(key)) {
                    throw unknownKey(key);
                }
                out.put(key, decode(pair.substring(eq + 1), "the value of URI parameter \"" + key + "\""));
            }
        }
        return out;
    }

    private static void parseHostPort(String netloc, Map<String, String> out) {
        if (netloc.indexOf(',') >= 0) {
            throw new ConnectStringException("more than one host in the URI is not supported");
        }
        String host = netloc;
        String port = null;
        if (netloc.startsWith("[")) {
            int close = netloc.indexOf(']');
            if (close < 0) {
                throw new ConnectStringException("unterminated IPv6 address \"[\" in the URI");
            }
            host = netloc.substring(1, close);
            String after = netloc.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new ConnectStringException("unexpected text after the IPv6 address in the URI");
                }
                port = after.substring(1);
            }
        } else {
            int colon = netloc.lastIndexOf(':');
            if (colon >= 0) {
                host = netloc.substring(0, colon);
                port = netloc.substring(colon + 1);
            }
        }
        if (!host.isEmpty()) {
            out.put("host", decode(host, "the host"));
        }
        if (port != null && !port.isEmpty()) {
            out.put("port", port);
        }
    }

    /** Percent-decodes UTF-8 text; '+' stays '+' (as in libpq). */
    static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new ConnectStringException("invalid percent-encoding in " + what + " of the URI");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
                i++;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ConnectStringException("percent-encoding in " + what + " of the URI is not valid UTF-8");
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

    private static ConnectStringException unknownKey(String key) {
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
