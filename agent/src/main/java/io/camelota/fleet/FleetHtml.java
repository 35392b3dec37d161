package io.camelota.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fleet report as one self-contained HTML page: inline CSS and an inline SVG stacked-area
 * chart of the versions over time, no script, no external reference (it opens offline, and a
 * page that loads nothing cannot leak who looked at it). Every string from the log is a
 * device's word and is escaped for HTML, attribute or text, wherever it is written.
 */
public final class FleetHtml {

    /** Series colours, oldest version first (a test finds them in a screenshot). */
    public static final List<String> COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    /** The chart's size and plot area, in CSS pixels from the page's top left corner. */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 320;
    public static final int LEFT = 60;
    public static final int TOP = 20;
    public static final int RIGHT = 980;
    public static final int BOTTOM = 280;

    private FleetHtml() {
    }

    public static String render(FleetReport r) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>camel-ota fleet report</title><style>")
                .append("body{margin:0;font:14px sans-serif;color:#222;background:#fff}")
                .append("svg{display:block}main{padding:0 16px 16px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}")
                .append(".sw{display:inline-block;width:10px;height:10px;margin-right:4px}")
                .append("</style></head><body>\n");
        chart(b, r);
        b.append("<main><h1>Fleet report</h1><p>").append(r.devices().size()).append(" devices, ").append(r.polls())
                .append(" polls");
        if (r.skippedLines() > 0) {
            b.append(", ").append(r.skippedLines()).append(" other lines skipped (not polls in the ota log format)");
        }
        b.append(".</p>\n<h2>Versions</h2><table><tr><th>Version</th><th>Running</th><th>Rejected</th>")
                .append("<th>Deferred</th><th>Waiting for reboot window</th></tr>\n");
        for (FleetReport.VersionRow v : r.versions()) {
            b.append("<tr><td>").append(esc(v.version())).append("</td><td class=n>").append(v.running())
                    .append("</td><td class=n>").append(v.rejected()).append("</td><td class=n>").append(v.deferred())
                    .append("</td><td class=n>").append(v.waiting()).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Devices</h2><table><tr><th>Device</th><th>Version</th><th>State</th>")
                .append("<th>Rejected</th><th>Last poll</th><th>HTTP</th><th>Polls</th></tr>\n");
        for (FleetReport.Device d : r.devices().values()) {
            AccessLogLine l = d.last();
            b.append("<tr><td>").append(esc(d.id())).append("</td><td>").append(esc(l.version()))
                    .append("</td><td>").append(esc(l.state() == null ? "-" : l.state()))
                    .append("</td><td>").append(esc(l.rejected() == null ? "-" : l.rejected()))
                    .append("</td><td>").append(l.time()).append("</td><td class=n>").append(l.status())
                    .append("</td><td class=n>").append(d.polls()).append("</td></tr>\n");
        }
        b.append("</table></main></body></html>\n");
        return b.toString();
    }

    /** Stacked areas: each version's band sits on the older versions' total. */
    private static void chart(StringBuilder b, FleetReport r) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"devices per version over time\">\n");
        List<FleetReport.Slice> slices = r.timeline();
        List<String> versions = r.timelineVersions();
        int max = 1;
        for (FleetReport.Slice s : slices) {
            max = Math.max(max, s.devicesByVersion().values().stream().mapToInt(Integer::intValue).sum());
        }
        int n = slices.size();
        double[] below = new double[n];
        for (int vi = 0; vi < versions.size(); vi++) {
            String v = versions.get(vi);
            double[] top = new double[n];
            for (int i = 0; i < n; i++) {
                top[i] = below[i] + slices.get(i).devicesByVersion().getOrDefault(v, 0);
            }
            List<String> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                points.add(x(i, n, false) + "," + y(top[i], max));
                points.add(x(i, n, true) + "," + y(top[i], max));
            }
            for (int i = n - 1; i >= 0; i--) {
                points.add(x(i, n, true) + "," + y(below[i], max));
                points.add(x(i, n, false) + "," + y(below[i], max));
            }
            b.append("<polygon fill=\"").append(COLOURS.get(vi % COLOURS.size())).append("\" points=\"")
                    .append(String.join(" ", points)).append("\"><title>").append(esc(v)).append("</title></polygon>\n");
            below = top;
        }
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(RIGHT)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#222\"/>")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#222\"/>\n")
                .append(text(LEFT - 8, TOP + 4, "end", Integer.toString(max)))
                .append(text(LEFT - 8, BOTTOM + 4, "end", "0"));
        if (n > 0) {
            b.append(text(LEFT, BOTTOM + 18, "start", slices.get(0).end().toString()))
                    .append(text(RIGHT, BOTTOM + 18, "end", slices.get(n - 1).end().toString()));
        }
        int lx = LEFT;
        for (int vi = 0; vi < versions.size(); vi++) {
            b.append("<rect x=\"").append(lx).append("\" y=\"").append(BOTTOM + 28).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLOURS.get(vi % COLOURS.size())).append("\"/>")
                    .append(text(lx + 14, BOTTOM + 37, "start", versions.get(vi)));
            lx += 24 + 8 * Math.min(24, versions.get(vi).length());
        }
        b.append("</svg>\n");
    }

    /** Slice i covers [i, i+1) of n equal steps of the plot width; a flat top over each step. */
    private static String x(int i, int n, boolean right) {
        double w = (RIGHT - LEFT) / (double) Math.max(1, n);
        return fmt(LEFT + w * (right ? i + 1 : i));
    }

    private static String y(double value, int max) {
        return fmt(BOTTOM - (BOTTOM - TOP) * value / max);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String text(int x, int y, String anchor, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"12\">" + esc(s) + "</text>";
    }

    /** HTML text and attribute escaping: the five characters that can end a text or an attribute. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
