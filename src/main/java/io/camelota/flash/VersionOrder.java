package io.camelota.flash;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one order of firmware versions, used by the device's anti-downgrade check, the update server's
 * "newest" and the bundle tool's warning. A release engineer can predict it from two rules:
 * <ol>
 * <li><b>Semantic Versioning 2.0.0.</b> When both versions are semver ({@code 1.10.0},
 * {@code 1.0.0-rc.1+sha.5114f85}) the order is semver.org §11 precedence, exactly: release numbers as
 * numbers, a pre-release before its release, pre-release identifiers one by one (numeric ones as
 * numbers and below alphanumeric ones, alphanumeric ones in ASCII order, so {@code rc10 < rc9}: write
 * {@code rc.10}), a longer identifier list wins when all before are equal; build metadata is ignored.</li>
 * <li><b>Dotted numbers.</b> Otherwise the same rule over a wider form: any number of release numbers
 * ({@code 1.2}, {@code 2026.11.1.4}; missing ones count as zero, so {@code 1.2 == 1.2.0}), leading zeros
 * allowed ({@code 01 == 1}), an optional leading lowercase {@code v} ({@code v1.2.3 == 1.2.3}: git tag
 * style; semver.org says a 'v' is not part of the version), and the same optional {@code -pre-release}
 * and {@code +build} tails. Two semver versions compare the same under either rule, so one comparison
 * serves both and the order stays transitive across mixed lists.</li>
 * </ol>
 * Anything else ({@code 1.9a}, {@code latest}, {@code 1..2}, an empty text, surrounding spaces) has no
 * order: {@link #compare} throws {@link Unordered} instead of ranking it somewhere, and the caller
 * decides (the device refuses it while downgrades are refused; the update server skips it). Ties between
 * equal versions are broken by the manifest's build_id, which starts with the UTC build time.
 * <p>
 * No maintained semver library is available from the project's Maven repository (maven-artifact's
 * ComparableVersion is Maven's own order, not semver), hence this.
 */
public final class VersionOrder {

    /** A version outside both forms: it has no place in the order. */
    public static final class Unordered extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unordered(String version) {
            super("no version order for '" + version + "'");
        }
    }

    /** Which rule a version falls under. */
    public enum Form { SEMVER, DOTTED, NONE }

    private static final String IDS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
    /** semver.org's grammar: three numbers without leading zeros, numeric pre-release ids without them too. */
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
            + "(?:\\+(" + IDS + "))?");
    private static final Pattern DOTTED = Pattern.compile("v?(\\d+(?:\\.\\d+)*)(?:-(" + IDS + "))?(?:\\+(" + IDS + "))?");

    private VersionOrder() {
    }

    public static Form form(String version) {
        if (version == null) {
            return Form.NONE;
        }
        if (SEMVER.matcher(version).matches()) {
            return Form.SEMVER;
        }
        return DOTTED.matcher(version).matches() ? Form.DOTTED : Form.NONE;
    }

    public static boolean orderable(String version) {
        return form(version) != Form.NONE;
    }

    /**
     * Negative, zero or positive as A is older, the same or newer than B; the versions first, the
     * build ids (plain text order, null first) only when the versions are equal.
     *
     * @throws Unordered when either version has no order
     */
    public static int compare(String versionA, String buildA, String versionB, String buildB) {
        int c = compareVersions(versionA, versionB);
        if (c != 0) {
            return c;
        }
        return Comparator.<String>nullsFirst(Comparator.naturalOrder()).compare(buildA, buildB);
    }

    /** @throws Unordered when either version has no order */
    public static int compareVersions(String a, String b) {
        Matcher ma = parse(a);
        Matcher mb = parse(b);
        String[] ra = ma.group(1).split("\\.");
        String[] rb = mb.group(1).split("\\.");
        for (int i = 0; i < Math.max(ra.length, rb.length); i++) {
            int c = number(i < ra.length ? ra[i] : "0").compareTo(number(i < rb.length ? rb[i] : "0"));
            if (c != 0) {
                return c;
            }
        }
        String pa = ma.group(2);
        String pb = mb.group(2);
        if (pa == null || pb == null) {
            // a pre-release has lower precedence than the release itself
            return pa == null ? (pb == null ? 0 : 1) : -1;
        }
        String[] ia = pa.split("\\.");
        String[] ib = pb.split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            int c = compareIdentifiers(ia[i], ib[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ia.length, ib.length);
    }

    /** The matcher of the wider form (groups: release, pre-release, build); a semver version matches it too. */
    private static Matcher parse(String version) {
        if (version == null) {
            throw new Unordered("null");
        }
        Matcher m = DOTTED.matcher(version);
        if (!m.matches()) {
            throw new Unordered(version);
        }
        return m;
    }

    private static int compareIdentifiers(String x, String y) {
        boolean nx = isNumber(x);
        boolean ny = isNumber(y);
        if (nx && ny) {
            return number(x).compareTo(number(y));
        }
        if (nx != ny) {
            return nx ? -1 : 1;                                 // numeric identifiers rank below alphanumeric
        }
        return x.compareTo(y);                                  // ASCII: the grammar allows nothing else
    }

    private static BigInteger number(String digits) {
        return new BigInteger(digits);
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
