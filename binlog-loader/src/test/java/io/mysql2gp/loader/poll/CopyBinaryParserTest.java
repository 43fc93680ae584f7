package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CopyBinaryParserTest {

    /** Builds a binary COPY stream by hand. */
    static final class Copy {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        static Copy withHeader() throws IOException {
            return withHeader(0, new byte[0]);
        }

        static Copy withHeader(int flags, byte[] extension) throws IOException {
            Copy c = new Copy();
            c.out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
            c.out.writeInt(flags);
            c.out.writeInt(extension.length);
            c.out.write(extension);
            return c;
        }

        Copy fields(int n) throws IOException {
            out.writeShort(n);
            return this;
        }

        Copy int8(long v) throws IOException {
            out.writeInt(8);
            out.writeLong(v);
            return this;
        }

        Copy int4(int v) throws IOException {
            out.writeInt(4);
            out.writeInt(v);
            return this;
        }

        Copy text(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Copy nul() throws IOException {
            out.writeInt(-1);
            return this;
        }

        Copy raw(byte... b) throws IOException {
            out.write(b);
            return this;
        }

        Copy rawInt(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Copy trailer() throws IOException {
            out.writeShort(-1);
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** A source handing out {@code data} in messages of at most {@code chunk} bytes. */
    static CopyBinaryParser.Source chunked(byte[] data, int chunk) {
        int[] at = {0};
        return () -> {
            if (at[0] == data.length) {
                return null;
            }
            int n = Math.min(chunk, data.length - at[0]);
            byte[] m = Arrays.copyOfRange(data, at[0], at[0] + n);
            at[0] += n;
            return m;
        };
    }

    /** A source handing out the given messages. */
    static CopyBinaryParser.Source messages(byte[]... messages) {
        int[] at = {0};
        return () -> at[0] == messages.length ? null : messages[at[0]++];
    }

    @Test
    void aTupleWithinOneMessageIsReadInThatMessagesArrayAndOneSpreadOverSeveralIsAssembled() throws Exception {
        byte[] header = Copy.withHeader().bytes();
        // the header and tuple 1 in one message, as PostgreSQL sends them
        byte[] first = Copy.withHeader().fields(2).int4(7).text("in one message").bytes();
        byte[] second = new Copy().fields(2).int4(8).text("spread").bytes();
        byte[] third = new Copy().fields(2).int4(9).text("alone").bytes();
        byte[] trailer = new Copy().trailer().bytes();
        CopyBinaryParser p = new CopyBinaryParser(messages(first, Arrays.copyOfRange(second, 0, 5),
                new byte[0], Arrays.copyOfRange(second, 5, second.length), third, trailer), 2);
        assertThat(header.length).isLessThan(first.length);
        assertThat(p.next()).isTrue();
        assertThat(p.tupleInMessage()).isTrue();
        assertThat(p.buffer()).isSameAs(first);
        assertThat(p.text(1)).isEqualTo("in one message");
        assertThat(p.next()).isTrue();
        assertThat(p.tupleInMessage()).as("assembled from two messages").isFalse();
        assertThat(p.int4(0)).isEqualTo(8);
        assertThat(p.text(1)).isEqualTo("spread");
        assertThat(p.next()).isTrue();
        assertThat(p.tupleInMessage()).isTrue();
        assertThat(p.buffer()).isSameAs(third);
        assertThat(p.text(1)).isEqualTo("alone");
        assertThat(p.next()).isFalse();
    }

    static CopyBinaryParser parser(byte[] data, int fields) {
        return new CopyBinaryParser(chunked(data, Integer.MAX_VALUE), fields);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, Integer.MAX_VALUE})
    void tuplesAreReadWhateverTheReadBoundaries(int chunk) throws Exception {
        String big = "é".repeat(100); // 200 bytes: more than the 16-byte buffer
        byte[] data = Copy.withHeader(0, new byte[] {1, 2, 3})
                .fields(4).int8(-5).int4(42).text("café 😀").nul()
                .fields(4).int8(Long.MAX_VALUE).int4(-1).text(big).text("")
                .trailer().bytes();
        CopyBinaryParser p = new CopyBinaryParser(chunked(data, chunk), 4, 16);
        assertThat(p.next()).isTrue();
        assertThat(p.int8(0)).isEqualTo(-5);
        assertThat(p.int4(1)).isEqualTo(42);
        assertThat(p.text(2)).isEqualTo("café 😀");
        assertThat(p.isNull(3)).isTrue();
        assertThat(p.text(3)).isNull();
        assertThat(p.bytesEqual(2, "café 😀".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(p.bytesEqual(2, "cafe".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(p.next()).isTrue();
        assertThat(p.int8(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(p.int4(1)).isEqualTo(-1);
        assertThat(p.text(2)).isEqualTo(big);
        assertThat(p.text(3)).isEmpty();
        assertThat(p.isNull(3)).isFalse();
        assertThat(p.next()).isFalse();
        assertThat(p.next()).as("stays at the end").isFalse();
        assertThat(p.tuples()).isEqualTo(2);
    }

    @Test
    void booleansAndCharsAreOneByte() throws Exception {
        byte[] data = Copy.withHeader().fields(2).text("\u0001").rawInt(1).raw((byte) 'U').trailer().bytes();
        CopyBinaryParser p = parser(data, 2);
        assertThat(p.next()).isTrue();
        assertThat(p.bool(0)).isTrue();
        assertThat(p.char1(1)).isEqualTo('U');
    }

    @Test
    void anEmptyResultIsJustHeaderAndTrailer() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().trailer().bytes(), 3);
        assertThat(p.next()).isFalse();
        assertThat(p.tuples()).isZero();
    }

    @Test
    void aBadSignatureIsRejected() throws Exception {
        byte[] data = Copy.withHeader().trailer().bytes();
        data[1] = 'X';
        assertMalformed(parser(data, 1), "does not start with the binary COPY signature");
    }

    @Test
    void aTextFormatStreamIsRejected() {
        byte[] data = "1\tabc\n2\tdef\n\\.\n".getBytes(StandardCharsets.UTF_8);
        assertMalformed(parser(data, 2), "does not start with the binary COPY signature");
    }

    @Test
    void aShortHeaderIsTruncation() {
        assertMalformed(parser(new byte[] {'P', 'G', 'C'}, 1), "the stream ends 3 bytes into the header");
        assertMalformed(parser(new byte[0], 1), "the stream ends 0 bytes into the header");
    }

    @Test
    void criticalHeaderFlagsAreRejected() throws Exception {
        assertMalformed(parser(Copy.withHeader(1 << 16, new byte[0]).trailer().bytes(), 1),
                "unsupported flags 0x10000");
        CopyBinaryParser ignored = parser(Copy.withHeader(1, new byte[0]).trailer().bytes(), 1);
        assertThat(ignored.next()).as("bits 0..15 are ignored").isFalse();
    }

    @Test
    void aTruncatedTupleIsRejected() throws Exception {
        byte[] whole = Copy.withHeader().fields(2).int8(1).text("hello").trailer().bytes();
        for (int cut = 19 + 1; cut < whole.length - 2; cut++) {
            CopyBinaryParser p = new CopyBinaryParser(chunked(Arrays.copyOf(whole, cut), 5), 2, 16);
            assertMalformed(p, "into", "of tuple 1 (truncated, or no trailer)");
        }
    }

    @Test
    void aMissingTrailerIsRejected() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().fields(1).int4(7).bytes(), 1);
        assertThat(p.next()).isTrue();
        assertMalformed(p, "the stream ends 0 bytes into a tuple's field count of tuple 2");
    }

    @Test
    void aWrongFieldCountIsRejected() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().fields(1).int4(7).fields(2).int4(1).int4(2).trailer().bytes(), 1);
        assertThat(p.next()).isTrue();
        assertMalformed(p, "tuple 2 has 2 fields, expected 1");
    }

    @Test
    void aNegativeFieldLengthIsRejected() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().fields(1).rawInt(-2).trailer().bytes(), 1);
        assertMalformed(p, "field 1 of tuple 1 has a negative length -2");
    }

    @Test
    void anAbsurdFieldLengthIsTruncationNotAnOutOfMemoryError() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().fields(1).rawInt(Integer.MAX_VALUE).raw(new byte[10]).bytes(), 1);
        assertThatThrownBy(p::next).isInstanceOf(SQLException.class).hasMessageContaining("malformed binary COPY");
    }

    @Test
    void bytesAfterTheTrailerAreRejected() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().trailer().raw((byte) 0).bytes(), 1);
        assertMalformed(p, "1 bytes follow the trailer after 0 tuples");
    }

    @Test
    void fixedWidthFieldsCheckTheirLengthAndNull() throws Exception {
        CopyBinaryParser p = parser(Copy.withHeader().fields(3).int4(1).nul().text("abc").trailer().bytes(), 3);
        assertThat(p.next()).isTrue();
        assertThatThrownBy(() -> p.int8(0)).isInstanceOf(SQLException.class)
                .hasMessageContaining("field 1 of tuple 1 should be a NOT NULL int8 of 8 bytes but has 4 bytes");
        assertThatThrownBy(() -> p.int4(1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("field 2 of tuple 1 should be a NOT NULL int4 of 4 bytes but is NULL");
        assertThatThrownBy(() -> p.bool(2)).isInstanceOf(SQLException.class)
                .hasMessageContaining("should be a NOT NULL boolean of 1 bytes but has 3 bytes");
        assertThatThrownBy(() -> p.char1(2)).isInstanceOf(SQLException.class)
                .hasMessageContaining("\"char\"");
    }

    private static void assertMalformed(CopyBinaryParser p, String... parts) {
        assertThatThrownBy(() -> {
            while (p.next()) {
                // read to the error
            }
        }).isInstanceOf(SQLException.class)
                .hasMessageStartingWith("malformed binary COPY stream: ")
                .hasMessageContainingAll(parts)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P04"));
    }
}
