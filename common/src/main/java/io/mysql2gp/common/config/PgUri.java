package io.mysql2gp.common.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a libpq connection URI into its key/value parameters, percent-decoded as libpq does. */
final class PgUri {
    private PgUri() {
    }

    /** {@code postgres[ql]://[user[:password]@][host][:port][/dbname][?key=value&...]}, percent-decoded. */
    static Map<String, String> parse(String s) {
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
                if (!ConnectString.KEYS.contains(key)) {
                    throw ConnectString.unknownKey(key);
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
}
