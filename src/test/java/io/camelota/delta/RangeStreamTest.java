package io.camelota.delta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How range answers are taken apart: what is accepted, and each malformed answer's message. */
class RangeStreamTest {

    private static final byte[] FILE = DeltaFixture.random(10_000, 5);
    private static final List<ByteRange> ASKED = List.of(new ByteRange(100, 200), new ByteRange(1000, 1100));

    /** A transport whose answer is computed from the Range header; records the headers it got. */
    private static final class Scripted implements RangeTransport {
        final List<String> ranges = new ArrayList<>();
        final List<String> ifRanges = new ArrayList<>();
        final Function<String, Answer> answer;

        Scripted(Function<String, Answer> answer) {
            this.answer = answer;
        }

        @Override
        public Answer get(String range, String ifRange) {
            ranges.add(range);
            ifRanges.add(ifRange);
            return answer.apply(range);
        }

        @Override
        public void abort(InputStream body) {
        }
    }

    private static byte[] read(RangeStream s, int len) throws Exception {
        byte[] b = new byte[len];
        s.readFully(b, 0, len);
        return b;
    }

    private static byte[] expected() {
        byte[] a = Arrays.copyOfRange(FILE, 100, 200);
        byte[] b = Arrays.copyOfRange(FILE, 1000, 1100);
        byte[] all = Arrays.copyOf(a, 200);
        System.arraycopy(b, 0, all, 100, 100);
        return all;
    }

    private static RangeTransport.Answer multipart(String boundary, String... rangesAndJunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String r : rangesAndJunk) {
            String[] ab = r.split("-");
            int a = Integer.parseInt(ab[0]);
            int b = Integer.parseInt(ab[1]);
            out.writeBytes(("\r\n--" + boundary + "\r\nContent-Range: bytes " + a + "-" + b + "/" + FILE.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(FILE, a, b - a + 1);
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new RangeTransport.Answer(206, "multipart/byteranges; boundary=\"" + boundary + "\"", null, -1,
                new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void aMultipartAnswerWithAQuotedBoundaryIsReadPartByPart() throws Exception {
        Scripted t = new Scripted(r -> multipart("b:1", "100-199", "1000-1099"));
        try (RangeStream s = new RangeStream(t, "\"e1\"", ASKED, FILE.length)) {
            assertThat(read(s, 200)).isEqualTo(expected());
            s.finish();
            assertThat(s.requests()).isEqualTo(1);
        }
        assertThat(t.ranges).containsExactly("bytes=100-199,1000-1099");
        assertThat(t.ifRanges).containsExactly("\"e1\"");
    }

    @Test
    void oneCoalescedRangeCoveringBothIsAccepted() throws Exception {
        Scripted t = new Scripted(r -> new RangeTransport.Answer(206, "application/zip",
                "bytes 100-1099/" + FILE.length, 1000, new ByteArrayInputStream(Arrays.copyOfRange(FILE, 100, 1100))));
        try (RangeStream s = new RangeStream(t, "\"e1\"", ASKED, FILE.length)) {
            assertThat(read(s, 200)).isEqualTo(expected());
            s.finish();
        }
    }

    @Test
    void aForeignRangeOrAnotherFileIsAnError() {
        Scripted wrong = new Scripted(r -> multipart("x", "100-199", "1001-1100"));
        assertThatThrownBy(() -> {
            try (RangeStream s = new RangeStream(wrong, "v", ASKED, FILE.length)) {
                read(s, 200);
            }
        }).isInstanceOf(DeltaException.class).hasMessage("multipart answer: part 1 is bytes 1001-1100, asked for 1000-1099");

        Scripted other = new Scripted(r -> new RangeTransport.Answer(206, null, "bytes 100-1099/5", 1000,
                new ByteArrayInputStream(new byte[1000])));
        assertThatThrownBy(() -> {
            try (RangeStream s = new RangeStream(other, "v", ASKED, FILE.length)) {
                read(s, 200);
            }
        }).isInstanceOf(DeltaException.class).hasMessageContaining("for a file of another size");

        Scripted junk = new Scripted(r -> new RangeTransport.Answer(206, "multipart/byteranges; boundary=q", null, -1,
                new ByteArrayInputStream("HTTP junk\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertThatThrownBy(() -> {
            try (RangeStream s = new RangeStream(junk, "v", ASKED, FILE.length)) {
                read(s, 200);
            }
        }).isInstanceOf(DeltaException.class).hasMessageContaining("expected the boundary, got 'HTTP junk'");
    }

    @Test
    void twoHundredOrFourSixteenToASingleRangeMeansFullDownload() {
        for (int status : new int[] {200, 416}) {
            Scripted t = new Scripted(r -> new RangeTransport.Answer(status, null, null, -1, new ByteArrayInputStream(FILE)));
            assertThatThrownBy(() -> {
                try (RangeStream s = new RangeStream(t, "v", List.of(new ByteRange(5, 10)), FILE.length)) {
                    read(s, 5);
                }
            }).isInstanceOf(DeltaUnsupported.class);
        }
    }
}
