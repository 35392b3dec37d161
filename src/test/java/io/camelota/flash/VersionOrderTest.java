package io.camelota.flash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.camelota.flash.VersionOrder.Form;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionOrderTest {

    private static final long SEED = 0x5eed_2026L;
    private static final int CASES = 4000;

    private static int cmp(String a, String b) {
        return VersionOrder.compare(a, "x", b, "x");
    }

    /** Every pair in the list must compare in list order, both ways round (antisymmetry included). */
    private static void assertAscending(String... versions) {
        for (int i = 0; i < versions.length; i++) {
            for (int j = 0; j < versions.length; j++) {
                int c = Integer.signum(cmp(versions[i], versions[j]));
                assertThat(c).as("%s vs %s", versions[i], versions[j]).isEqualTo(Integer.signum(i - j));
            }
        }
        List<String> shuffled = new ArrayList<>(List.of(versions));
        Collections.reverse(shuffled);
        shuffled.sort(VersionOrderTest::cmp);
        assertThat(shuffled).containsExactly(versions);
    }

    @Test
    void semverOrgPrecedenceExamples() {
        // semver.org 2.0.0 §11, the example lists verbatim
        assertAscending("1.0.0", "2.0.0", "2.1.0", "2.1.1");
        assertAscending("1.0.0-alpha", "1.0.0");
        assertAscending("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        assertThat(VersionOrder.form("1.0.0-alpha.beta")).isEqualTo(Form.SEMVER);
    }

    @Test
    void theAttackersSequenceAfter1_10_0() {
        assertThat(VersionOrder.orderable("1.9a")).as("a number with letters glued on has no order").isFalse();
        assertThatThrownBy(() -> cmp("1.9a", "1.10.0")).isInstanceOf(VersionOrder.Unordered.class);
        assertThat(cmp("v0.1", "1.10.0")).as("git-tag style is the dotted form").isNegative();
        assertThat(cmp("2.0.0", "1.10.0")).isPositive();
        assertThat(cmp("99.0.0", "1.10.0")).isPositive();
    }

    @Test
    void alphanumericPreReleaseIdentifiersAreAsciiAsSemverSays() {
        // rc10 < rc9 in semver; a release engineer who wants numbers writes rc.10
        assertAscending("1.0.0-rc10", "1.0.0-rc9", "1.0.0");
        assertAscending("1.0.0-rc.9", "1.0.0-rc.10", "1.0.0");
        assertAscending("1.0-rc.1", "1.0-rc.2", "1.0-rc.11", "1.0");
    }

    @Test
    void buildMetadataIsIgnored() {
        assertThat(cmp("1.0.0+20130313144700", "1.0.0+exp.sha.5114f85")).isZero();
        assertThat(cmp("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta")).isZero();
        assertThat(cmp("1.0.0+build.2", "1.0.1+build.1")).isNegative();
    }

    @Test
    void numericIdentifiersRankBelowAlphanumericOnes() {
        assertAscending("1.0.0-2", "1.0.0-10", "1.0.0-1a", "1.0.0-a");
    }

    @Test
    void dottedNumbersAreTheWiderForm() {
        assertAscending("1.9", "1.10", "1.99.99", "2.0", "9.0", "10.0", "2026.11.1.4");
        assertThat(cmp("1.0", "1.0.0")).as("missing numbers are zero").isZero();
        assertThat(cmp("1.01.0", "1.1.0")).as("leading zeros are numbers too").isZero();
        assertThat(cmp("v1.2.3", "1.2.3")).isZero();
        assertThat(VersionOrder.form("1.2")).isEqualTo(Form.DOTTED);
        assertThat(VersionOrder.form("v1.2.3")).isEqualTo(Form.DOTTED);
        assertThat(VersionOrder.form("01.2.3")).isEqualTo(Form.DOTTED);
        // a date-time used as the version: the date, then the time (a numeric pre-release identifier)
        assertAscending("20261101-090000", "20261101-120000", "20261102-000000");
    }

    @Test
    void textsOutsideBothFormsHaveNoOrder() {
        for (String v : new String[] {"1.9a", "latest", "", " 1.2", "1.2 ", "1..2", "1.", ".1", "V1.2", "vv1",
                "1.2-", "1.2+", "1.2-rc..1", "1.2_3", "１.２", "1.2-rc\u202e", "v"}) {
            assertThat(VersionOrder.form(v)).as("'%s'", v).isEqualTo(Form.NONE);
            assertThatThrownBy(() -> cmp(v, "1.0.0")).as("'%s'", v).isInstanceOf(VersionOrder.Unordered.class);
            assertThatThrownBy(() -> cmp("1.0.0", v)).as("'%s'", v).isInstanceOf(VersionOrder.Unordered.class);
        }
        assertThat(VersionOrder.orderable(null)).isFalse();
    }

    @Test
    void buildIdBreaksTies() {
        assertThat(VersionOrder.compare("1.2", "20260102-000000/a", "1.2", "20260101-000000/z")).isPositive();
        assertThat(VersionOrder.compare("1.2", "20260101-000000/a", "1.2", "20260101-000000/a")).isZero();
        assertThat(VersionOrder.compare("1.2", null, "1.2", "20260101-000000/a")).isNegative();
        assertThat(VersionOrder.compare("1.3", "20200101-000000/a", "1.2", "20260101-000000/a"))
                .as("the version wins over the build id").isPositive();
    }

    @Test
    void antisymmetricOverRandomVersions() {
        Random r = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            String a = randomVersion(r);
            String b = r.nextInt(4) == 0 ? a : randomVersion(r);
            assertThat(Integer.signum(VersionOrder.compareVersions(a, b)))
                    .as("%s vs %s", a, b).isEqualTo(-Integer.signum(VersionOrder.compareVersions(b, a)));
            assertThat(VersionOrder.compareVersions(a, a)).isZero();
        }
    }

    @Test
    void transitiveOverRandomVersions() {
        Random r = new Random(SEED + 1);
        // small alphabets so that equal and near-equal versions are common
        for (int i = 0; i < CASES; i++) {
            String a = randomVersion(r);
            String b = randomVersion(r);
            String c = randomVersion(r);
            int ab = VersionOrder.compareVersions(a, b);
            int bc = VersionOrder.compareVersions(b, c);
            int ac = VersionOrder.compareVersions(a, c);
            if (ab <= 0 && bc <= 0) {
                assertThat(ac).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
            }
            if (ab == 0 && bc == 0) {
                assertThat(ac).as("%s == %s == %s", a, b, c).isZero();
            }
        }
    }

    @Test
    void aSortedRandomListIsOrderedPairwise() {
        Random r = new Random(SEED + 2);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            list.add(randomVersion(r));
        }
        list.sort(VersionOrder::compareVersions);     // TimSort throws on a comparator that breaks its contract
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                assertThat(VersionOrder.compareVersions(list.get(i), list.get(j)))
                        .as("%s before %s", list.get(i), list.get(j)).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void randomSemverVersionsAreSemverAndRandomGarbageIsNotOrdered() {
        Random r = new Random(SEED + 3);
        for (int i = 0; i < CASES; i++) {
            String semver = num(r, false) + "." + num(r, false) + "." + num(r, false)
                    + (r.nextBoolean() ? "-" + preRelease(r, false) : "");
            assertThat(VersionOrder.form(semver)).as(semver).isEqualTo(Form.SEMVER);
            // a letter glued to a release number, as in "1.9a"
            String glued = semver.replaceFirst("^(\\d+)", "$1" + (char) ('a' + r.nextInt(26)));
            assertThat(VersionOrder.orderable(glued)).as(glued).isFalse();
        }
    }

    /** Either form: 1-4 release numbers (sometimes with a 'v' or leading zeros), an optional pre-release and build. */
    private static String randomVersion(Random r) {
        boolean loose = r.nextInt(3) == 0;
        StringBuilder v = new StringBuilder(loose && r.nextInt(4) == 0 ? "v" : "");
        int n = loose ? 1 + r.nextInt(4) : 3;
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ".").append(num(r, loose));
        }
        if (r.nextInt(3) == 0) {
            v.append('-').append(preRelease(r, loose));
        }
        if (r.nextInt(5) == 0) {
            v.append("+b.").append(r.nextInt(10));
        }
        return v.toString();
    }

    private static String num(Random r, boolean leadingZero) {
        String n = Integer.toString(r.nextInt(4) == 0 ? r.nextInt(1000) : r.nextInt(3));
        return leadingZero && r.nextInt(4) == 0 ? "0" + n : n;
    }

    private static String preRelease(Random r, boolean leadingZero) {
        String[] words = {"alpha", "beta", "rc", "rc1", "rc10", "a-b", "1a", "Z"};
        StringBuilder p = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            p.append(i == 0 ? "" : ".").append(r.nextBoolean() ? words[r.nextInt(words.length)] : num(r, leadingZero));
        }
        return p.toString();
    }
}
