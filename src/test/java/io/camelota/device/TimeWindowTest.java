package io.camelota.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** update.window / boot.reboot_window: which instants are inside, the next opening, and bad syntax. */
class TimeWindowTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String WEEK = "Mon-Fri 22:00-06:00, Sat-Sun 00:00-24:00";

    /** 2026-12-07 is a Monday. */
    private static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "01:00-05:00 | 2026-12-07T00:59 | false",
        "01:00-05:00 | 2026-12-07T01:00 | true",
        "01:00-05:00 | 2026-12-07T04:59 | true",
        "01:00-05:00 | 2026-12-07T05:00 | false",
        // across midnight: the span belongs to the day it starts on
        "22:00-06:00 | 2026-12-07T23:30 | true",
        "22:00-06:00 | 2026-12-08T05:59 | true",
        "22:00-06:00 | 2026-12-08T06:00 | false",
        "22:00-06:00 | 2026-12-08T21:59 | false",
        // weekdays: Friday night runs into Saturday, Sunday night (not a Mon-Fri start) does not reach Monday
        WEEK + " | 2026-12-11T23:00 | true",
        WEEK + " | 2026-12-12T05:00 | true",
        WEEK + " | 2026-12-12T13:00 | true",
        WEEK + " | 2026-12-13T23:59 | true",
        WEEK + " | 2026-12-14T03:00 | false",
        WEEK + " | 2026-12-14T12:00 | false",
        WEEK + " | 2026-12-09T21:00 | false",
        WEEK + " | 2026-12-10T02:00 | true",
        "Fri-Mon 09:00-10:00 | 2026-12-14T09:30 | true",
        "Fri-Mon 09:00-10:00 | 2026-12-15T09:30 | false",
    })
    void insideOrOutside(String window, String local, boolean inside) {
        assertThat(TimeWindow.parse("update.window", window, UTC).contains(at(local, UTC))).isEqualTo(inside);
    }

    @Test
    void theWindowIsInItsTimeZone() {
        TimeWindow berlin = TimeWindow.parse("update.window", "01:00-05:00", BERLIN);
        // winter: Berlin is UTC+1, so 00:30 UTC is 01:30 there
        assertThat(berlin.contains(Instant.parse("2026-12-07T00:30:00Z"))).isTrue();
        assertThat(berlin.contains(Instant.parse("2026-12-07T04:30:00Z"))).isFalse();
        // summer: UTC+2
        assertThat(berlin.contains(Instant.parse("2026-07-07T23:30:00Z"))).isTrue();
        assertThat(berlin.contains(Instant.parse("2026-07-08T03:30:00Z"))).isFalse();
    }

    @Test
    void onTheSpringForwardDayAStartInTheGapOpensWhenTheClockJumps() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 never happens
        TimeWindow w = TimeWindow.parse("update.window", "02:30-04:00", BERLIN);
        Instant before = Instant.parse("2026-03-28T23:00:00Z"); // 00:00 CET
        assertThat(w.nextOpening(before)).hasValue(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(w.contains(Instant.parse("2026-03-29T01:30:00Z"))).as("03:30 CEST").isTrue();
        assertThat(w.contains(Instant.parse("2026-03-29T02:00:00Z"))).as("04:00 CEST").isFalse();
    }

    @Test
    void nextOpeningFindsTheNearestSpan() {
        TimeWindow w = TimeWindow.parse("boot.reboot_window", WEEK, UTC);
        // Monday noon: tonight 22:00
        assertThat(w.nextOpening(at("2026-12-07T12:00", UTC))).hasValue(at("2026-12-07T22:00", UTC));
        assertThat(w.describeNextOpening(at("2026-12-07T12:00", UTC))).isEqualTo("22:00");
        // inside: now
        assertThat(w.nextOpening(at("2026-12-12T12:00", UTC))).hasValue(at("2026-12-12T12:00", UTC));
        TimeWindow sat = TimeWindow.parse("boot.reboot_window", "Sat 02:00-03:00", UTC);
        assertThat(sat.describeNextOpening(at("2026-12-07T12:00", UTC))).isEqualTo("Sat 02:00");
        assertThat(TimeWindow.parse("boot.reboot_window", "02:00-04:00", UTC)
                .describeNextOpening(at("2026-12-07T12:00", UTC))).isEqualTo("02:00");
    }

    @Test
    void emptyIsAlwaysOpen() {
        TimeWindow w = TimeWindow.parse("update.window", "  ", UTC);
        assertThat(w.isAlways()).isTrue();
        assertThat(w.contains(Instant.parse("2026-12-07T13:13:00Z"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1:00-5:00pm", "25:00-26:00", "01:60-02:00", "Mon-Fry 01:00-02:00", "Mon 01:00", "01:00-01:00",
        "24:00-01:00", "01:00-05:00,", "always", "Mon-Fri 22:00-06:00; Sat 00:00-24:00",
    })
    void badSyntaxNamesTheKey(String text) {
        assertThatThrownBy(() -> TimeWindow.parse("boot.reboot_window", text, UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("boot.reboot_window: not a window: ");
    }
}
