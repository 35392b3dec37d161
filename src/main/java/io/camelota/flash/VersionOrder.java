package io.camelota.flash;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders firmware versions for the opt-in anti-downgrade check and the update server's "newest".
 * <p>
 * Semantic Versioning 2.0 precedence (semver.org §11): the dotted release numbers compare as numbers
 * ("1.10" &gt; "1.9"); a pre-release ("-rc.1") sorts before its release; pre-release identifiers compare
 * one by one, numeric ones as numbers and below alphanumeric ones, and a longer list wins when all
 * before are equal; build metadata ("+sha.5114f85") is ignored. Then the manifest's build_id (which
 * starts with the UTC build time YYYYMMDD-HHMMSS) breaks ties.
 * <p>
 * Leniencies, because Mongoose versions are not always semver: missing release numbers count as zero
 * ("1.2" == "1.2.0"), a non-numeric release part compares like an alphanumeric identifier, and
 * within an alphanumeric identifier digit runs compare as numbers, so "1.0-rc10" sorts after
 * "1.0-rc9" (strict semver compares "rc10" and "rc9" as ASCII and would put rc10 first; no
 * semver.org example depends on that). No maintained semver library is available from the project's
 * Maven repository (maven-artifact's ComparableVersion is Maven's own order, not semver), hence this.
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
        String[] va = split(a);
        String[] vb = split(b);
        String[] ra = va[0].split("\\.", -1);
        String[] rb = vb[0].split("\\.", -1);
        for (int i = 0; i < Math.max(ra.length, rb.length); i++) {
            int c = compareIdentifiers(i < ra.length ? ra[i] : "0", i < rb.length ? rb[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        if (va[1] == null || vb[1] == null) {
            // a pre-release has lower precedence than the release itself
            return va[1] == null ? (vb[1] == null ? 0 : 1) : -1;
        }
        String[] pa = va[1].split("\\.", -1);
        String[] pb = vb[1].split("\\.", -1);
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = compareIdentifiers(pa[i], pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    /** {release, pre-release or null}; the build metadata after '+' is dropped. */
    private static String[] split(String version) {
        String v = version == null ? "" : version.trim();
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        int dash = v.indexOf('-');
        return dash < 0 ? new String[] {v, null} : new String[] {v.substring(0, dash), v.substring(dash + 1)};
    }

    private static int compareIdentifiers(String x, String y) {
        boolean nx = isNumber(x);
        boolean ny = isNumber(y);
        if (nx && ny) {
            return new BigInteger(x).compareTo(new BigInteger(y));
        }
        if (nx != ny) {
            return nx ? -1 : 1;                                 // numeric identifiers rank below alphanumeric
        }
        return compareAlphanumeric(x, y);
    }

    /** Run by run: digit runs as numbers, other runs as ASCII; a digit run ranks below a text run. */
    private static int compareAlphanumeric(String x, String y) {
        List<String> rx = runs(x);
        List<String> ry = runs(y);
        for (int i = 0; i < Math.min(rx.size(), ry.size()); i++) {
            String a = rx.get(i);
            String b = ry.get(i);
            boolean na = isNumber(a);
            boolean nb = isNumber(b);
            int c = na && nb ? new BigInteger(a).compareTo(new BigInteger(b)) : na != nb ? (na ? -1 : 1) : 0;
            if (c == 0) {
                c = a.compareTo(b);                             // text runs; "01" vs "1" keeps the order total
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(rx.size(), ry.size());
    }

    private static List<String> runs(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || isDigit(s.charAt(i)) != isDigit(s.charAt(i - 1))) {
                out.add(s.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
