package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelota.status.UpdateFailure;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumingInputStream} on its own: which failures resume, from where, how many times, and
 * what never resumes (no validator, unknown length at EOF, a closed stream, a refusing server).
 */
class ResumeTest {

    private static final String ETAG = "\"v1\"";
    private static final byte[] DATA = new byte[10_000];

    static {
        new Random(5).nextBytes(DATA);
    }

    /** Serves DATA from an offset; each stream may break after {@code breakAfter} bytes. */
    private static class Ranges implements ResumingInputStream.RangeRequester {
        final List<Long> offsets = new ArrayList<>();
        final List<String> validators = new ArrayList<>();
        final List<InputStream> opened = new ArrayList<>();
        int breakAfter = Integer.MAX_VALUE;
        boolean eofInsteadOfError;
        final List<Object> scripted = new ArrayList<>();

        @Override
        public InputStream openFrom(long offset, String validator) throws IOException {
            offsets.add(offset);
            validators.add(validator);
            if (!scripted.isEmpty()) {
                Object next = scripted.remove(0);
                if (next instanceof IOException e) {
                    throw e;
                }
                if (next instanceof RuntimeException e) {
                    throw e;
                }
            }
            InputStream in = from((int) offset, breakAfter, eofInsteadOfError);
            opened.add(in);
            return in;
        }
    }

    /** DATA[from..] that fails (or ends early) after {@code limit} bytes. */
    private static InputStream from(int from, int limit, boolean eof) {
        return new InputStream() {
            private int pos = from;
            private int served;
            boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (pos >= DATA.length) {
                    return -1;
                }
                if (served >= limit) {
                    if (eof) {
                        return -1;
                    }
                    throw new SocketTimeoutException("Read timed out");
                }
                int n = Math.min(Math.min(len, 1000), Math.min(DATA.length - pos, limit - served));
                System.arraycopy(DATA, pos, b, off, n);
                pos += n;
                served += n;
                return n;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private static ResumingInputStream stream(InputStream first, long total, String validator, Ranges ranges,
                                              int maxResumes) {
        return new ResumingInputStream(first, total, validator, ranges, maxResumes, 0);
    }

    @Test
    void aReadErrorResumesFromTheExactPosition() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 3_500, false), DATA.length, ETAG, ranges, 3);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(ranges.offsets).containsExactly(3_500L);
        assertThat(ranges.validators).containsExactly(ETAG);
        assertThat(in.resumes()).isEqualTo(1);
        assertThat(in.position()).isEqualTo(DATA.length);
    }

    @Test
    void anEarlyEndBeforeContentLengthResumes() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 4_000, true), DATA.length, ETAG, ranges, 3);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(ranges.offsets).containsExactly(4_000L);
    }

    @Test
    void repeatedBreaksResumeEachTimeFromWhereTheLastOneStopped() throws IOException {
        Ranges ranges = new Ranges();
        ranges.breakAfter = 2_000;
        ResumingInputStream in = stream(from(0, 2_000, false), DATA.length, ETAG, ranges, 5);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(ranges.offsets).containsExactly(2_000L, 4_000L, 6_000L, 8_000L);
    }

    @Test
    void resumesAreBoundedByMaxResumes() {
        Ranges ranges = new Ranges();
        ranges.breakAfter = 1_000;
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
        assertThat(ranges.offsets).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(in.position()).isEqualTo(4_000);
    }

    @Test
    void zeroResumesFailsAtTheFirstBreak() {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 1_000, true), DATA.length, ETAG, ranges, 0);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("1000 of 10000");
        assertThat(ranges.offsets).isEmpty();
    }

    @Test
    void withoutAValidatorThereIsNoResume() {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, null, ranges, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
        assertThat(ranges.offsets).isEmpty();
    }

    @Test
    void withUnknownLengthAnEndIsTheEnd() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 4_000, true), -1, ETAG, ranges, 3);
        assertThat(in.readAllBytes()).hasSize(4_000);
        assertThat(ranges.offsets).as("truncation of a chunked body is the bundle reader's to find").isEmpty();
    }

    @Test
    void withUnknownLengthAReadErrorStillResumes() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 4_000, false), -1, ETAG, ranges, 3);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(ranges.offsets).containsExactly(4_000L);
    }

    @Test
    void aClosedStreamIsNotResumed() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        byte[] buf = new byte[1_000];
        assertThat(in.read(buf, 0, 1_000)).isEqualTo(1_000);
        closeQuietly(in);
        assertThatThrownBy(() -> in.read(buf, 0, 1_000)).isInstanceOf(IOException.class);
        assertThat(ranges.offsets).isEmpty();
    }

    @Test
    void aCloseWhileTheResumeRequestIsUnderWayWins() {
        // the inactivity watchdog closes the stream from its own thread while a resume is being opened
        AtomicBoolean closedDuringOpen = new AtomicBoolean();
        ResumingInputStream[] self = new ResumingInputStream[1];
        Ranges ranges = new Ranges() {
            @Override
            public InputStream openFrom(long offset, String validator) throws IOException {
                closeQuietly(self[0]);
                closedDuringOpen.set(true);
                return super.openFrom(offset, validator);
            }
        };
        self[0] = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        assertThatThrownBy(self[0]::readAllBytes).isInstanceOf(IOException.class);
        assertThat(closedDuringOpen).isTrue();
        assertThat(ranges.opened).hasSize(1);
        assertThatThrownBy(() -> ranges.opened.get(0).read(new byte[1], 0, 1))
                .as("the connection opened for the resume is closed too").isInstanceOf(IOException.class);
    }

    @Test
    void aRefusalFromTheResumeRequestEndsTheDownload() {
        Ranges ranges = new Ranges();
        ranges.scripted.add(new UpdateFailure(-1, "Server did not resume the download (answered 200 to a Range request)"));
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(UpdateFailure.class)
                .hasMessageStartingWith("Server did not resume");
        assertThat(ranges.offsets).hasSize(1);
    }

    @Test
    void aTransientFailureOfTheResumeRequestIsRetriedWithinTheBound() throws IOException {
        // ResumableDownload turns a 408/429/5xx or a refused connection on the range request into an IOException
        Ranges ranges = new Ranges();
        ranges.scripted.add(new IOException("resume request answered 503"));
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        assertThat(in.readAllBytes()).isEqualTo(DATA);
        assertThat(ranges.offsets).containsExactly(1_000L, 1_000L);
        assertThat(in.resumes()).isEqualTo(2);
    }

    @Test
    void transientFailuresOfTheResumeRequestCountAgainstTheBound() {
        Ranges ranges = new Ranges();
        for (int i = 0; i < 5; i++) {
            ranges.scripted.add(new IOException("resume request answered 503"));
        }
        ResumingInputStream in = stream(from(0, 1_000, false), DATA.length, ETAG, ranges, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("503");
        assertThat(ranges.offsets).hasSize(3);
    }

    @Test
    void theValidatorIsAStrongEtagElseLastModified() {
        DefaultCamelContext ctx = new DefaultCamelContext();
        DefaultMessage strong = new DefaultMessage(ctx);
        strong.setHeader("ETag", ETAG);
        strong.setHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(ResumableDownload.validator(strong)).isEqualTo(ETAG);
        DefaultMessage weak = new DefaultMessage(ctx);
        weak.setHeader("ETag", "W/\"v1\"");
        weak.setHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(ResumableDownload.validator(weak)).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
        DefaultMessage none = new DefaultMessage(ctx);
        none.setHeader("ETag", "W/\"v1\"");
        assertThat(ResumableDownload.validator(none)).isNull();
    }

    @Test
    void singleByteReadsResumeToo() throws IOException {
        Ranges ranges = new Ranges();
        ResumingInputStream in = stream(from(0, 10, false), 20, ETAG, ranges, 1);
        byte[] got = new byte[20];
        for (int i = 0; i < 20; i++) {
            got[i] = (byte) in.read();
        }
        assertThat(got).isEqualTo(java.util.Arrays.copyOf(DATA, 20));
        assertThat(ranges.offsets).containsExactly(10L);
        assertThat(in.position()).isEqualTo(20);
        assertThat(in.resumes()).isEqualTo(1);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // test helper
        }
    }
}
