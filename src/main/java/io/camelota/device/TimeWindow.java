package io.camelota.device;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly maintenance window in local time, e.g. {@code 01:00-05:00} (every day) or
 * {@code Mon-Fri 22:00-06:00, Sat-Sun 00:00-24:00}. A span whose end is before its start runs
 * across midnight and belongs to the day it starts on ({@code Fri 22:00-06:00} includes Saturday
 * 03:00). Times are wall-clock times in the window's zone: on a daylight-saving day a window keeps
 * its clock times (a 01:00-05:00 window lasts three or five hours then), and a start inside the
 * spring-forward gap opens at the first valid instant after it. An empty text is "always open".
 */
public final class TimeWindow {

    /** One day range with a time range. */
    private record Span(Set<DayOfWeek> days, int startMinute, int endMinute) {

        boolean crossesMidnight() {
            return endMinute <= startMinute;
        }
    }

    private static final Pattern SPAN = Pattern.compile(
            "(?:([A-Za-z]{3})(?:-([A-Za-z]{3}))?\\s+)?(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    private static final DateTimeFormatter SAME_DAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

    private final List<Span> spans;
    private final ZoneId zone;
    private final String text;

    private TimeWindow(List<Span> spans, ZoneId zone, String text) {
        this.spans = spans;
        this.zone = zone;
        this.text = text;
    }

    /** Always open (no window configured). */
    public static TimeWindow always(ZoneId zone) {
        return new TimeWindow(List.of(), zone, "");
    }

    /**
     * Parses {@code text} for {@code key}; a bad text throws IllegalArgumentException whose message
     * starts with the key (startup stops naming it).
     */
    public static TimeWindow parse(String key, String text, ZoneId zone) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return always(zone);
        }
        List<Span> spans = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            Matcher m = SPAN.matcher(part.strip());
            if (!m.matches()) {
                throw bad(key, t, "'" + part.strip() + "' is not [Day[-Day]] HH:MM-HH:MM");
            }
            Set<DayOfWeek> days = m.group(1) == null ? EnumSet.allOf(DayOfWeek.class)
                    : dayRange(key, t, m.group(1), m.group(2) == null ? m.group(1) : m.group(2));
            int start = minute(key, t, m.group(3), m.group(4));
            int end = minute(key, t, m.group(5), m.group(6));
            if (start == 24 * 60) {
                throw bad(key, t, "a span cannot start at 24:00");
            }
            if (start == end) {
                throw bad(key, t, "'" + part.strip() + "' is empty (a whole day is 00:00-24:00)");
            }
            spans.add(new Span(days, start, end));
        }
        return new TimeWindow(List.copyOf(spans), zone, t);
    }

    private static IllegalArgumentException bad(String key, String text, String why) {
        return new IllegalArgumentException(key + ": not a window: '" + text + "': " + why
                + " (e.g. 01:00-05:00 or Mon-Fri 22:00-06:00, Sat-Sun 00:00-24:00)");
    }

    private static int minute(String key, String text, String h, String m) {
        int hour = Integer.parseInt(h);
        int min = Integer.parseInt(m);
        if (min > 59 || hour > 24 || (hour == 24 && min != 0)) {
            throw bad(key, text, h + ":" + m + " is not a time of day");
        }
        return hour * 60 + min;
    }

    private static Set<DayOfWeek> dayRange(String key, String text, String from, String to) {
        DayOfWeek a = day(key, text, from);
        DayOfWeek b = day(key, text, to);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = a; ; d = d.plus(1)) { // Fri-Mon wraps over the weekend
            days.add(d);
            if (d == b) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String key, String text, String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw bad(key, text, "'" + name + "' is not a day (Mon Tue Wed Thu Fri Sat Sun)");
    }

    public boolean isAlways() {
        return spans.isEmpty();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether {@code instant} lies inside the window. */
    public boolean contains(Instant instant) {
        if (spans.isEmpty()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        DayOfWeek today = local.getDayOfWeek();
        int minute = local.getHour() * 60 + local.getMinute();
        for (Span s : spans) {
            if (!s.crossesMidnight()) {
                if (s.days().contains(today) && minute >= s.startMinute() && minute < s.endMinute()) {
                    return true;
                }
            } else if ((s.days().contains(today) && minute >= s.startMinute())
                    || (s.days().contains(today.minus(1)) && minute < s.endMinute())) {
                return true;
            }
        }
        return false;
    }

    /** The next instant at or after {@code from} inside the window (empty only for a window that never opens). */
    public Optional<Instant> nextOpening(Instant from) {
        if (contains(from)) {
            return Optional.of(from);
        }
        LocalDate day = LocalDate.ofInstant(from, zone);
        Instant best = null;
        for (int i = 0; i <= 8; i++) {
            LocalDate d = day.plusDays(i);
            for (Span s : spans) {
                if (s.days().contains(d.getDayOfWeek())) {
                    // atZone moves a start inside a DST gap to the first valid instant after it
                    Instant start = d.atStartOfDay().plusMinutes(s.startMinute()).atZone(zone).toInstant();
                    if (start.isAfter(from) && (best == null || start.isBefore(best))) {
                        best = start;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** How a person reads the next opening: "02:00" within a day, else "Sat 00:00". */
    public String describeNextOpening(Instant from) {
        return nextOpening(from).map(i -> {
            ZonedDateTime z = i.atZone(zone);
            return (i.isBefore(from.plusSeconds(86_400)) ? SAME_DAY : OTHER_DAY).format(z);
        }).orElse("never");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow w && w.spans.equals(spans) && w.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return spans.hashCode() * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "always" : text + " (" + zone + ")";
    }
}
