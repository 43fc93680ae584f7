package io.mysql2gp.common.schema;

import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps MySQL/MariaDB collation ids to character set names, and character set names to Java charsets.
 *
 * <p>A built-in table covers the collations of MySQL 8 and MariaDB 10.x/11.x; the server's own
 * {@code information_schema.COLLATIONS} (id, charset) can extend or override it.
 */
public final class CharsetNames {
    /** The MySQL name of the pseudo character set of binary strings (collation id 63). */
    public static final String BINARY = "binary";
    /** Collation id of {@code binary}. */
    public static final int BINARY_COLLATION = 63;

    private static final Map<Integer, String> BUILT_IN = builtIn();
    private static final Map<String, String> JAVA_NAMES = javaNames();
    private static final char[] LATIN1 = latin1Table();

    private final Map<Integer, String> byId;
    private final Map<String, Charset> charsetCache = new ConcurrentHashMap<>();

    /** The built-in table only. */
    public CharsetNames() {
        this(Map.of());
    }

    /** The built-in table, extended and overridden by {@code serverCollations} (collation id to charset name). */
    public CharsetNames(Map<Integer, String> serverCollations) {
        Map<Integer, String> m = new HashMap<>(BUILT_IN);
        serverCollations.forEach((id, cs) -> m.put(id, cs.toLowerCase(java.util.Locale.ROOT)));
        this.byId = Map.copyOf(m);
    }

    /** The character set name of a collation id, e.g. 45 gives {@code utf8mb4}; throws if the id is unknown. */
    public String charsetOf(int collationId) {
        String cs = byId.get(collationId);
        if (cs == null) {
            cs = fromIdRanges(collationId);
        }
        if (cs == null) {
            throw new UnknownCharsetException("unknown collation id " + collationId
                    + " (not in the built-in table nor in the server's information_schema.COLLATIONS)");
        }
        return cs;
    }

    /** The Java charset that decodes a MySQL character set, or {@code null} for {@code binary}. */
    public Charset javaCharset(String mysqlCharset) {
        if (BINARY.equals(mysqlCharset)) {
            return null;
        }
        return charsetCache.computeIfAbsent(mysqlCharset, CharsetNames::lookupJava);
    }

    /** Decodes character data of a MySQL character set exactly (MySQL latin1 is cp1252 with 5 C1 controls). */
    public String decode(byte[] bytes, String mysqlCharset) {
        if ("latin1".equals(mysqlCharset)) {
            char[] out = new char[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = LATIN1[bytes[i] & 0xFF];
            }
            return new String(out);
        }
        Charset cs = javaCharset(mysqlCharset);
        if (cs == null) {
            throw new UnknownCharsetException("character set 'binary' has no text form");
        }
        return new String(bytes, cs);
    }

    /** The most bytes one character takes in a MySQL character set (for CHAR/VARCHAR lengths). */
    public static int maxBytesPerChar(String mysqlCharset) {
        return switch (mysqlCharset) {
            case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030" -> 4;
            case "utf8", "utf8mb3", "ujis", "eucjpms" -> 3;
            case "ucs2", "gbk", "gb2312", "big5", "sjis", "cp932", "euckr" -> 2;
            default -> 1;
        };
    }

    private static Charset lookupJava(String mysqlCharset) {
        String javaName = JAVA_NAMES.get(mysqlCharset);
        if (javaName == null) {
            throw new UnknownCharsetException("MySQL character set '" + mysqlCharset + "' is not supported");
        }
        try {
            return Charset.forName(javaName);
        } catch (IllegalArgumentException e) {
            throw new UnknownCharsetException("MySQL character set '" + mysqlCharset + "' needs Java charset '"
                    + javaName + "', which this JVM does not have");
        }
    }

    private static String fromIdRanges(int id) {
        if (id >= 1024 && id < 2048) {
            // MariaDB NO PAD variants: 1024 + the id of the PAD SPACE collation they derive from
            return BUILT_IN.get(id - 1024);
        }
        if (id >= 2048 && id < 2048 + 5 * 256) {
            // MariaDB 10.10+ UCA 14.0.0 collations: 2048 + (charset index << 8) + tailoring/flags
            return new String[] {"utf8mb3", "utf8mb4", "ucs2", "utf16", "utf32"}[(id - 2048) >> 8];
        }
        return null;
    }

    private static void range(Map<Integer, String> m, int from, int to, String cs) {
        for (int i = from; i <= to; i++) {
            m.put(i, cs);
        }
    }

    private static Map<Integer, String> builtIn() {
        Map<Integer, String> m = new HashMap<>();
        String[] low = {null, "big5", "latin2", "dec8", "cp850", "latin1", "hp8", "koi8r", "latin1", "latin2",
            "swe7", "ascii", "ujis", "sjis", "cp1251", "latin1", "hebrew", null, "tis620", "euckr", "latin7",
            "latin2", "koi8u", "cp1251", "gb2312", "greek", "cp1250", "latin2", "gbk", "cp1257", "latin5",
            "latin1", "armscii8", "utf8mb3", "cp1250", "ucs2", "cp866", "keybcs2", "macce", "macroman", "cp852",
            "latin7", "latin7", "macce", "cp1250", "utf8mb4", "utf8mb4", "latin1", "latin1", "latin1", "cp1251",
            "cp1251", "cp1251", "macroman", "utf16", "utf16", "utf16le", "cp1256", "cp1257", "cp1257", "utf32",
            "utf32", "utf16le", "binary", "armscii8", "ascii", "cp1250", "cp1256", "cp866", "dec8", "greek",
            "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "utf8mb3", "latin2", "latin5", "latin7", "cp850",
            "cp852", "swe7", "utf8mb3", "big5", "euckr", "gb2312", "gbk", "sjis", "tis620", "ucs2", "ujis",
            "geostd8", "geostd8", "latin1", "cp932", "cp932", "eucjpms", "eucjpms", "cp1250"};
        for (int i = 0; i < low.length; i++) {
            if (low[i] != null) {
                m.put(i, low[i]);
            }
        }
        range(m, 101, 124, "utf16");
        range(m, 128, 151, "ucs2");
        m.put(159, "ucs2");
        range(m, 160, 183, "utf32");
        range(m, 192, 215, "utf8mb3");
        m.put(223, "utf8mb3");
        range(m, 224, 247, "utf8mb4");
        range(m, 248, 250, "gb18030");
        range(m, 255, 323, "utf8mb4"); // MySQL 8 utf8mb4_0900 family and 8.0.30+ additions
        m.put(576, "utf8mb3");
        m.put(577, "utf8mb3");
        m.put(578, "utf8mb3");
        m.put(608, "utf8mb4");
        m.put(609, "utf8mb4");
        m.put(610, "utf8mb4");
        m.put(640, "ucs2");
        m.put(641, "ucs2");
        m.put(642, "ucs2");
        m.put(672, "utf16");
        m.put(673, "utf16");
        m.put(674, "utf16");
        m.put(736, "utf32");
        m.put(737, "utf32");
        m.put(738, "utf32");
        return m;
    }

    private static Map<String, String> javaNames() {
        Map<String, String> m = new HashMap<>();
        m.put("utf8", "UTF-8");
        m.put("utf8mb3", "UTF-8");
        m.put("utf8mb4", "UTF-8");
        m.put("latin1", "windows-1252");
        m.put("gbk", "GBK");
        m.put("gb18030", "GB18030");
        m.put("gb2312", "GB2312");
        m.put("big5", "Big5");
        m.put("sjis", "Shift_JIS");
        m.put("cp932", "windows-31j");
        m.put("ujis", "EUC-JP");
        m.put("eucjpms", "x-eucJP-Open");
        m.put("euckr", "EUC-KR");
        m.put("ascii", "US-ASCII");
        m.put("ucs2", "UTF-16BE");
        m.put("utf16", "UTF-16BE");
        m.put("utf16le", "UTF-16LE");
        m.put("utf32", "UTF-32BE");
        m.put("latin2", "ISO-8859-2");
        m.put("latin5", "ISO-8859-9");
        m.put("latin7", "ISO-8859-13");
        m.put("greek", "ISO-8859-7");
        m.put("hebrew", "ISO-8859-8");
        m.put("cp1250", "windows-1250");
        m.put("cp1251", "windows-1251");
        m.put("cp1256", "windows-1256");
        m.put("cp1257", "windows-1257");
        m.put("cp850", "IBM850");
        m.put("cp852", "IBM852");
        m.put("cp866", "IBM866");
        m.put("koi8r", "KOI8-R");
        m.put("koi8u", "KOI8-U");
        m.put("tis620", "TIS-620");
        m.put("macroman", "x-MacRoman");
        m.put("macce", "x-MacCentralEurope");
        return Map.copyOf(m);
    }

    private static char[] latin1Table() {
        char[] t = new char[256];
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0; b < 256; b++) {
            String s = new String(new byte[] {(byte) b}, cp1252);
            char c = s.charAt(0);
            // bytes undefined in cp1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D) are the C1 controls in MySQL latin1
            t[b] = c == '\uFFFD' ? (char) b : c;
        }
        return t;
    }

    /** A character set or collation this build cannot decode; fatal for the table that uses it. */
    public static final class UnknownCharsetException extends RuntimeException {
        public UnknownCharsetException(String message) {
            super(message);
        }
    }
}
