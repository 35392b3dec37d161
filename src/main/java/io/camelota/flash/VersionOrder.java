package io.camelota.flash;

import java.util.Comparator;

/**
 * Orders firmware versions for the opt-in anti-downgrade check: dotted numeric parts compare as
 * numbers ("1.10" &gt; "1.9"), a pre-release suffix sorts before the release ("1.2.0-rc1" &lt; "1.2.0"),
 * and the build id (which starts with the UTC build time YYYYMMDD-HHMMSS) breaks ties.
 */
public final class VersionOrder {

    private VersionOrder() {
    }

    public static int compare(String versionA, String buildA, String versionB, String buildB) {
        int c = compareVersions(versionA, versionB);
        if (c != 0) {
            return c;
        }
        return Comparator.<String>nullsFirst(Comparator.naturalOrder()).compare(buildA, buildB);
    }

    static int compareVersions(String a, String b) {
        String[] ma = a.split("-", 2);
        String[] mb = b.split("-", 2);
        String[] pa = ma[0].split("\\.");
        String[] pb = mb[0].split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            String x = i < pa.length ? pa[i] : "0";
            String y = i < pb.length ? pb[i] : "0";
            int c = comparePart(x, y);
            if (c != 0) {
                return c;
            }
        }
        boolean preA = ma.length > 1;
        boolean preB = mb.length > 1;
        if (preA != preB) {
            return preA ? -1 : 1;
        }
        return preA ? ma[1].compareTo(mb[1]) : 0;
    }

    private static int comparePart(String x, String y) {
        if (x.matches("\\d+") && y.matches("\\d+")) {
            return new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y));
        }
        return x.compareTo(y);
    }
}
