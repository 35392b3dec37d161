package io.camelota.flash;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTest {

    private static int cmp(String a, String b) {
        return VersionOrder.compare(a, "x", b, "x");
    }

    @Test
    void numericPartsCompareAsNumbers() {
        assertThat(cmp("1.10", "1.9")).isPositive();
        assertThat(cmp("1.9", "1.10")).isNegative();
        assertThat(cmp("2.0", "1.99.99")).isPositive();
        assertThat(cmp("10.0", "9.0")).isPositive();
    }

    @Test
    void missingPartsCountAsZero() {
        assertThat(cmp("1.0", "1.0.0")).isZero();
        assertThat(cmp("1.0.1", "1.0")).isPositive();
    }

    @Test
    void preReleaseSortsBeforeTheRelease() {
        assertThat(cmp("1.2.0-rc1", "1.2.0")).isNegative();
        assertThat(cmp("1.2.0", "1.2.0-rc1")).isPositive();
        assertThat(cmp("1.2.0-rc1", "1.2.0-rc2")).isNegative();
        assertThat(cmp("1.2.1-rc1", "1.2.0")).isPositive();
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
