package io.camelota.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parsing the ota log format as nginx writes it (its \xHH escapes, "-" for an absent header). */
class AccessLogLineTest {

    @Test
    void aFullLine() {
        AccessLogLine l = AccessLogLine.parse("2026-12-07T01:02:03+01:00 \"dev-1 0A1B2C3D4E5F\" "
                + "\"ubuntu 1.0 20261101-000000/factory\" \"1.1\" 304 0 \"deferred\"").orElseThrow();
        assertThat(l.time()).isEqualTo(Instant.parse("2026-12-07T00:02:03Z"));
        assertThat(l.device()).isEqualTo("dev-1 0A1B2C3D4E5F");
        assertThat(l.version()).isEqualTo("1.0");
        assertThat(l.rejected()).isEqualTo("1.1");
        assertThat(l.status()).isEqualTo(304);
        assertThat(l.bytes()).isZero();
        assertThat(l.state()).isEqualTo("deferred");
    }

    @Test
    void theFormatWithoutTheStateFieldAndAbsentHeaders() {
        AccessLogLine l = AccessLogLine.parse("2026-12-07T01:02:03+00:00 \"d AABBCCDDEEFF\" \"esp32 2.1 b\" \"-\" 200 1234")
                .orElseThrow();
        assertThat(l.rejected()).isNull();
        assertThat(l.state()).isNull();
        assertThat(l.bytes()).isEqualTo(1234);
    }

    @Test
    void nginxEscapesAreDecoded() {
        // nginx logs a quote as \x22, a backslash as \x5C and UTF-8 bytes one by one
        AccessLogLine l = AccessLogLine.parse("2026-12-07T01:02:03+00:00 \"a\\x22b\\x5Cc \\xC3\\xA9\" \"-\" \"-\" 200 5 \"-\"")
                .orElseThrow();
        assertThat(l.device()).isEqualTo("a\"b\\c \u00e9");
        assertThat(l.version()).isEqualTo("-");
    }

    @Test
    void otherLinesAreNotPolls() {
        assertThat(AccessLogLine.parse("127.0.0.1 - - [07/Dec/2026:01:02:03 +0000] \"GET / HTTP/1.1\" 200 5")).isEmpty();
        assertThat(AccessLogLine.parse("2026-12-07T01:02:03+00:00 \"-\" \"-\" \"-\" 200 5 \"-\"")).as("no device id").isEmpty();
        assertThat(AccessLogLine.parse("yesterday \"d m\" \"p 1 b\" \"-\" 200 5 \"-\"")).isEmpty();
    }

    @Test
    void aDeviceThatMovedOnCountsOnceWithItsLastVersion() {
        FleetReport r = FleetReport.of(List.of(
                "2026-12-07T01:00:00+00:00 \"d1 M\" \"p 1.0 b\" \"-\" 200 100 \"committed\"",
                "2026-12-07T02:00:00+00:00 \"d1 M\" \"p 1.1 b\" \"-\" 304 0 \"committed\"",
                "2026-12-07T01:30:00+00:00 \"d2 M\" \"p 1.0 b\" \"1.1\" 304 0 \"committed\"",
                "garbage"), 3);
        assertThat(r.versions()).containsExactly(new FleetReport.VersionRow("1.0", 1, 0, 0, 0),
                new FleetReport.VersionRow("1.1", 1, 1, 0, 0));
        assertThat(r.skippedLines()).isEqualTo(1);
        assertThat(r.devices().get("d1 M").polls()).isEqualTo(2);
        // at 01:00 one device on 1.0; at 01:30 two; at 02:00 d1 has moved to 1.1
        assertThat(r.timeline()).extracting(FleetReport.Slice::devicesByVersion).containsExactly(
                java.util.Map.of("1.0", 1), java.util.Map.of("1.0", 2), java.util.Map.of("1.0", 1, "1.1", 1));
    }
}
