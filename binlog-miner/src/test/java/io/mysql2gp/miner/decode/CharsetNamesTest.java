package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.schema.CharsetNames;
import java.nio.charset.Charset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Collation ids to MySQL charsets to Java charsets. */
class CharsetNamesTest {
    private final CharsetNames names = new CharsetNames();

    @ParameterizedTest(name = "collation {0} is {1}")
    @CsvSource({
        "8, latin1", "5, latin1", "31, latin1", "47, latin1", "48, latin1", "49, latin1", "11, ascii", "24, gb2312",
        "28, gbk", "87, gbk", "33, utf8mb3", "83, utf8mb3", "76, utf8mb3", "192, utf8mb3", "223, utf8mb3",
        "45, utf8mb4", "46, utf8mb4", "224, utf8mb4", "247, utf8mb4", "255, utf8mb4", "305, utf8mb4", "309, utf8mb4",
        "63, binary", "248, gb18030", "35, ucs2", "54, utf16", "56, utf16le", "60, utf32", "1, big5", "13, sjis",
        "95, cp932", "12, ujis", "97, eucjpms", "19, euckr", "9, latin2", "30, latin5", "41, latin7", "25, greek",
        "16, hebrew", "26, cp1250", "14, cp1251", "57, cp1256", "29, cp1257", "4, cp850", "40, cp852", "36, cp866",
        "7, koi8r", "22, koi8u", "18, tis620", "39, macroman", "38, macce",
        // MariaDB: NO PAD variants (1024 + base id) and UCA 14.0.0 collations (2048+)
        "1069, utf8mb4", "1057, utf8mb3", "1032, latin1", "2048, utf8mb3", "2304, utf8mb4", "2560, ucs2",
        "2816, utf16", "3072, utf32"})
    void mapsCollationIds(int id, String charset) {
        assertThat(names.charsetOf(id)).isEqualTo(charset);
        if (!charset.equals("binary")) {
            assertThat(names.javaCharset(charset)).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} decodes as {1}")
    @CsvSource({"utf8, UTF-8", "utf8mb3, UTF-8", "utf8mb4, UTF-8", "latin1, windows-1252", "gbk, GBK",
        "ucs2, UTF-16BE", "utf16, UTF-16BE", "utf16le, UTF-16LE", "utf32, UTF-32BE", "cp932, windows-31j",
        "latin2, ISO-8859-2"})
    void mapsCharsetsToJava(String mysql, String java) {
        assertThat(names.javaCharset(mysql)).isEqualTo(Charset.forName(java));
    }

    @Test
    void binaryHasNoJavaCharset() {
        assertThat(names.javaCharset("binary")).isNull();
    }

    @Test
    void serverCollationsOverrideAndExtendTheBuiltInTable() {
        CharsetNames server = new CharsetNames(Map.of(8, "LATIN2", 4000, "utf8mb4"));
        assertThat(server.charsetOf(8)).isEqualTo("latin2");
        assertThat(server.charsetOf(4000)).isEqualTo("utf8mb4");
        assertThat(server.charsetOf(45)).isEqualTo("utf8mb4");
    }

    @Test
    void unknownCollationAndCharsetAreTypedErrorsNamingThem() {
        assertThatThrownBy(() -> names.charsetOf(4000)).isInstanceOf(CharsetNames.UnknownCharsetException.class)
                .hasMessageContaining("4000");
        assertThatThrownBy(() -> names.javaCharset("armscii8")).isInstanceOf(CharsetNames.UnknownCharsetException.class)
                .hasMessageContaining("armscii8");
    }

    @Test
    void latin1DecodesAllBytesLikeMysql() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = names.decode(all, "latin1");
        assertThat(s).hasSize(256).doesNotContain("\uFFFD");
        assertThat(s.charAt(0x80)).isEqualTo('€');
        assertThat(s.charAt(0x9D)).isEqualTo('\u009D');
        assertThat(s.charAt(0xE9)).isEqualTo('é');
    }

    @Test
    void maxBytesPerCharFollowsMysql() {
        assertThat(CharsetNames.maxBytesPerChar("utf8mb4")).isEqualTo(4);
        assertThat(CharsetNames.maxBytesPerChar("utf8mb3")).isEqualTo(3);
        assertThat(CharsetNames.maxBytesPerChar("gbk")).isEqualTo(2);
        assertThat(CharsetNames.maxBytesPerChar("latin1")).isEqualTo(1);
    }
}
