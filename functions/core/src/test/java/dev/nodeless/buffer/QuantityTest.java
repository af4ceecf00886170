package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one quantity parser of spec, snapshot and simulator: the same accepted range everywhere, no wrap-around. */
class QuantityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500m, 500, 1", "1, 1000, 1", "1.5, 1500, 2", "2Gi, 2000000000000, 2147483648", "1e3, 1000000, 1000", "0, 0, 0"})
    void parses_asKubernetesDoes(String q, long milli, long bytes) {
        assertThat(Quantity.milliCpu(q)).isEqualTo(q.equals("2Gi") ? 2147483648000L : milli);
        assertThat(Quantity.bytes(q)).isEqualTo(bytes);
        assertThat(Quantity.isValid(q)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1e30", "99999999999999999Ei", "9223372036854775807"})
    void valuesThatWouldOverflowTheInternalUnit_areRefusedWithAReason_neverWrapped(String q) {
        assertThat(Quantity.isValid(q)).isFalse();
        assertThatThrownBy(() -> Quantity.milliCpu(q)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Quantity.bytes(q)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }

    @Test
    void negativeAndMalformed_areRefused() {
        assertThatThrownBy(() -> Quantity.milliCpu("-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThat(Quantity.isValid("-500m")).isFalse();
        assertThat(Quantity.isValid("lots")).isFalse();
        assertThat(Quantity.isValid("1Zi")).isFalse();
    }
}
