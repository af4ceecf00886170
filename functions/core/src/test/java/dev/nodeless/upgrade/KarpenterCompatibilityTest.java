package dev.nodeless.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KarpenterCompatibilityTest {

    /** Rows of Karpenter's compatibility matrix (docs "Compatibility" page), at and around each lower bound. */
    @ParameterizedTest
    @CsvSource({
            "1.14.1, 1.34, true",
            "1.6.0,  1.34, true",
            "1.5.9,  1.34, false",
            "1.5.0,  1.33, true",
            "1.4.0,  1.33, false",
            "1.2.0,  1.32, true",
            "1.1.7,  1.32, false",
            "1.0.5,  1.31, true",
            "1.0.4,  1.31, false",
            "v0.37.0, 1.30, true",
            "1.6.0-rc.1, 1.34, true"})
    void matrix(String karpenter, String kubernetes, boolean supported) {
        assertThat(KarpenterCompatibility.problem(karpenter, kubernetes).isEmpty()).isEqualTo(supported);
    }

    @ParameterizedTest
    @CsvSource({"1.14.1, 1.35", "1.14.1, 1.28"})
    void versionsOutsideTheMatrix_areReportedAsUnknown(String karpenter, String kubernetes) {
        assertThat(KarpenterCompatibility.problem(karpenter, kubernetes)).get().asString()
                .startsWith("Kubernetes " + kubernetes + " is not in Karpenter's compatibility matrix");
    }
}
