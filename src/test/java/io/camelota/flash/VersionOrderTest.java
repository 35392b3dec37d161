package io.camelota.flash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTest {

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
        shuffled.sort((a, b) -> cmp(a, b));
        assertThat(shuffled).containsExactly(versions);
    }

    @Test
    void semverOrgPrecedenceExamples() {
        // semver.org 2.0.0 §11
        assertAscending("1.0.0", "2.0.0", "2.1.0", "2.1.1");
        assertAscending("1.0.0-alpha", "1.0.0");
        assertAscending("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
    }

    @Test
    void releaseCandidatesCompareTheirNumbersAsNumbers() {
        assertAscending("1.0-rc1", "1.0-rc2", "1.0-rc9", "1.0-rc10", "1.0-rc11", "1.0");
        assertAscending("1.0.0-rc.9", "1.0.0-rc.10");
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
    void numericPartsCompareAsNumbers() {
        assertAscending("1.9", "1.10", "1.99.99", "2.0", "9.0", "10.0");
    }

    @Test
    void mongooseStyleVersions() {
        // two-part versions are common in mos apps; missing release numbers count as zero
        assertThat(cmp("1.0", "1.0.0")).isZero();
        assertAscending("1.2", "1.2.1", "1.3");
        // a date-time used as the version: the date, then the time (a numeric pre-release identifier)
        assertAscending("20261101-090000", "20261101-120000", "20261102-000000");
    }

    @Test
    void buildIdBreaksTies() {
        assertThat(VersionOrder.compare("1.2", "20260102-000000/a", "1.2", "20260101-000000/z")).isPositive();
        assertThat(VersionOrder.compare("1.2", "20260101-000000/a", "1.2", "20260101-000000/a")).isZero();
        assertThat(VersionOrder.compare("1.2", null, "1.2", "20260101-000000/a")).isNegative();
        assertThat(VersionOrder.compare("1.3", "20200101-000000/a", "1.2", "20260101-000000/a"))
                .as("the version wins over the build id").isPositive();
    }
}
