package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Extended resources ({@code nvidia.com/gpu}) in demand, sizing and NodePool limits: counted where the buffer pod requests them. */
class ExtendedResourcesTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final String GPU = "nvidia.com/gpu";

    static Resources gpus(String cpu, String memory, long gpus) {
        return Resources.of(cpu, memory, gpus == 0 ? Map.of() : Map.of(GPU, Long.toString(gpus)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                   | chunkGpus | demandCpu | demandGpus | expected
            GPUs dominate: 4 GPU pods need 4 one-GPU buffer pods      | 1         | 4         | 4          | 4
            CPU dominates when GPU demand is small                    | 1         | 12        | 1          | 3
            two GPUs per buffer pod halve the count, rounding up      | 2         | 1         | 5          | 3
            a buffer pod without a GPU cannot hold GPU room: CPU only | 0         | 4         | 8          | 1
            """)
    void desired_countsTheExtendedResourcesTheBufferPodRequests(String name, long chunkGpus, String demandCpu, long demandGpus, int expected) {
        BufferPolicy policy = new BufferPolicy(0, 20, gpus("4", "16Gi", chunkGpus), Duration.ofMinutes(5), Duration.ofMinutes(30));

        assertThat(BufferSizing.desired(gpus(demandCpu, "1Gi", demandGpus), policy, NOW, OptionalInt.empty())).isEqualTo(expected);
    }

    @Test
    void limitCap_byThePoolsGpuLimit_whenTheBufferPodRequestsGpus() {
        Resources chunk = gpus("4", "16Gi", 1);
        Resources limits = gpus("1000", "4000Gi", 8);
        Resources used = gpus("24", "96Gi", 6);

        assertThat(BufferSizing.limitCap(limits, used, 1, chunk)).hasValue(1 + 2); // 8 - 6 GPUs left, one per pod
        assertThat(BufferSizing.limitCap(limits, used, 1, gpus("4", "16Gi", 0))).as("no GPU requested: CPU and memory decide")
                .hasValue(1 + (1000 - 24) / 4);
    }

    @Test
    void ledgerMark_keepsTheLargerDemandPerResource_extendedIncluded() {
        Instant t = NOW;
        Ledger l = Ledger.EMPTY.mark(new AtRisk("n1", "i-1", "rebalance", t, t.plusSeconds(120), gpus("4", "8Gi", 2)))
                .mark(new AtRisk("n1", "i-1", "rebalance", t.plusSeconds(5), t.plusSeconds(120), gpus("6", "4Gi", 1)));

        assertThat(l.demand()).isEqualTo(new Resources(6000, 8L << 30, Map.of(GPU, 2L)));
    }

    @Test
    void arithmetic_dropsZeroCounts_soEqualDemandsAreEqual() {
        Resources a = gpus("1", "1Gi", 2);

        assertThat(a.minus(gpus("0", "0", 2))).isEqualTo(Resources.of("1", "1Gi"));
        assertThat(a.plus(a).extended(GPU)).isEqualTo(4);
        assertThat(a.times(3).extended(GPU)).isEqualTo(6);
        assertThat(a.toString()).isEqualTo("1000m/1024Mi/2 nvidia.com/gpu");
        assertThat(Resources.of("1", "1Gi").toString()).as("unchanged without extended resources").isEqualTo("1000m/1024Mi");
    }
}
