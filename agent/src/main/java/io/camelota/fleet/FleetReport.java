package io.camelota.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fleet seen from its update server's access log: each device's last poll, and per version how
 * many devices run it, rejected it (rolled back), wait for a rollout ({@code deferred}) or for
 * the reboot window ({@code installed-waiting}), plus the versions over time for the chart.
 */
public final class FleetReport {

    /** What a device said in its last poll. */
    public record Device(String id, AccessLogLine last, int polls) {
    }

    /** One version's counts among the devices' last polls. */
    public record VersionRow(String version, int running, int rejected, int deferred, int waiting) {
    }

    /** Devices per version at the end of one slice of time (each device counted with its latest version by then). */
    public record Slice(Instant end, Map<String, Integer> devicesByVersion) {
    }

    private final Map<String, Device> devices;
    private final List<VersionRow> versions;
    private final List<Slice> timeline;
    private final int polls;
    private final int skippedLines;

    private FleetReport(Map<String, Device> devices, List<VersionRow> versions, List<Slice> timeline, int polls,
                        int skippedLines) {
        this.devices = devices;
        this.versions = versions;
        this.timeline = timeline;
        this.polls = polls;
        this.skippedLines = skippedLines;
    }

    /** The report of {@code lines} (in any order); lines that are not polls in the ota format are counted, not used. */
    public static FleetReport of(List<String> lines, int slices) {
        List<AccessLogLine> polls = new ArrayList<>();
        int skipped = 0;
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            var p = AccessLogLine.parse(l);
            if (p.isPresent()) {
                polls.add(p.get());
            } else {
                skipped++;
            }
        }
        polls.sort(Comparator.comparing(AccessLogLine::time));
        Map<String, Device> devices = new TreeMap<>();
        for (AccessLogLine p : polls) {
            Device d = devices.get(p.device());
            devices.put(p.device(), new Device(p.device(), p, d == null ? 1 : d.polls() + 1));
        }
        return new FleetReport(devices, versionRows(devices), timeline(polls, slices), polls.size(), skipped);
    }

    private static List<VersionRow> versionRows(Map<String, Device> devices) {
        Map<String, int[]> counts = new TreeMap<>(FleetReport::compareVersions);
        for (Device d : devices.values()) {
            AccessLogLine l = d.last();
            int[] c = counts.computeIfAbsent(l.version(), v -> new int[4]);
            c[0]++;
            if ("deferred".equals(l.state())) {
                c[2]++;
            }
            if ("installed-waiting".equals(l.state())) {
                c[3]++;
            }
            if (l.rejected() != null) {
                counts.computeIfAbsent(l.rejected(), v -> new int[4])[1]++;
            }
        }
        List<VersionRow> rows = new ArrayList<>();
        counts.forEach((v, c) -> rows.add(new VersionRow(v, c[0], c[1], c[2], c[3])));
        return rows;
    }

    private static List<Slice> timeline(List<AccessLogLine> polls, int slices) {
        List<Slice> out = new ArrayList<>();
        if (polls.isEmpty()) {
            return out;
        }
        Instant first = polls.get(0).time();
        Instant last = polls.get(polls.size() - 1).time();
        // a log of one second still gets a chart: at least one second per slice
        Duration step = Duration.ofMillis(Math.max(1000, Duration.between(first, last).toMillis() / Math.max(1, slices - 1)));
        Map<String, String> versionOf = new LinkedHashMap<>();
        int i = 0;
        for (Instant end = first; out.size() < slices; end = end.plus(step)) {
            while (i < polls.size() && !polls.get(i).time().isAfter(end)) {
                versionOf.put(polls.get(i).device(), polls.get(i).version());
                i++;
            }
            Map<String, Integer> count = new TreeMap<>(FleetReport::compareVersions);
            versionOf.values().forEach(v -> count.merge(v, 1, Integer::sum));
            out.add(new Slice(end, count));
            if (!end.isBefore(last)) {
                break;
            }
        }
        return out;
    }

    /** Dotted versions by their numbers (1.10 after 1.9), anything else as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return x.length != y.length ? Integer.compare(x.length, y.length) : a.compareTo(b);
    }

    public Map<String, Device> devices() {
        return devices;
    }

    public List<VersionRow> versions() {
        return versions;
    }

    public List<Slice> timeline() {
        return timeline;
    }

    /** Every version that appears in the timeline, oldest first (the chart's stacking order). */
    public List<String> timelineVersions() {
        TreeSet<String> all = new TreeSet<>(FleetReport::compareVersions);
        timeline.forEach(s -> all.addAll(s.devicesByVersion().keySet()));
        return new ArrayList<>(all);
    }

    public int polls() {
        return polls;
    }

    public int skippedLines() {
        return skippedLines;
    }

    /** The plain-text report; device strings made safe for a terminal. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(devices.size()).append(" devices, ").append(polls).append(" polls");
        if (skippedLines > 0) {
            b.append(" (").append(skippedLines).append(" other lines skipped: not polls in the ota log format)");
        }
        b.append("\n\n");
        b.append(String.format("%-16s %8s %9s %9s %8s%n", "VERSION", "RUNNING", "REJECTED", "DEFERRED", "WAITING"));
        for (VersionRow r : versions) {
            b.append(String.format("%-16s %8d %9d %9d %8d%n", safe(r.version()), r.running(), r.rejected(),
                    r.deferred(), r.waiting()));
        }
        b.append('\n');
        b.append(String.format("%-32s %-12s %-20s %-12s %-25s %s%n", "DEVICE", "VERSION", "STATE", "REJECTED",
                "LAST POLL", "HTTP"));
        for (Device d : devices.values()) {
            AccessLogLine l = d.last();
            b.append(String.format("%-32s %-12s %-20s %-12s %-25s %d%n", safe(d.id()), safe(l.version()),
                    l.state() == null ? "-" : safe(l.state()), l.rejected() == null ? "-" : safe(l.rejected()),
                    l.time(), l.status()));
        }
        return b.toString();
    }

    /** A device's words for a terminal: control characters (escape sequences, CR) shown as \\uXXXX, cut to 64. */
    static String safe(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() >= 64) {
                return b.append('…').toString();
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
