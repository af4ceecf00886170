package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the one sizing function (ARCHITECTURE §4). */
class BufferSizingTest {

    static final Instant FRIDAY_NOON = Instant.parse("2026-11-20T12:00:00Z"); // no schedule in the table: any instant

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                              | base | max | chunkCpu | chunkMem | demandCpu | demandMem | cap | expected
            runbook: baseline 2 x 1 CPU, nothing at risk        | 2    | 20  | 1        | 1Gi      | 0         | 0         | -   | 2
            runbook: 2.5 CPU displaced rounds up to 3 more       | 2    | 20  | 1        | 1Gi      | 2500m     | 1Gi       | -   | 5
            runbook: exactly 3 CPU displaced                     | 2    | 20  | 1        | 1Gi      | 3         | 512Mi     | -   | 5
            memory dominates                                     | 2    | 20  | 1        | 1Gi      | 1         | 4Gi       | -   | 6
            one millicore more needs a whole chunk               | 0    | 20  | 500m     | 256Mi    | 1001m     | 0         | -   | 3
            clamped to maxReplicas                               | 2    | 10  | 1        | 1Gi      | 64        | 64Gi      | -   | 10
            chunk without memory: memory demand does not count   | 1    | 20  | 1        | 0        | 2         | 100Gi     | -   | 3
            chunk without cpu: cpu demand does not count         | 1    | 20  | 0        | 1Gi      | 100       | 2Gi       | -   | 3
            NodePool limits leave room for 4                     | 2    | 20  | 1        | 1Gi      | 8         | 0         | 4   | 4
            NodePool limits never push below baseline            | 2    | 20  | 1        | 1Gi      | 8         | 0         | 0   | 2
            limits above demand do not matter                    | 2    | 20  | 1        | 1Gi      | 3         | 0         | 50  | 5
            zero baseline, nothing at risk                       | 0    | 5   | 1        | 1Gi      | 0         | 0         | -   | 0
            """)
    void desired(String name, int base, int max, String chunkCpu, String chunkMem, String demandCpu, String demandMem,
                 Integer cap, int expected) {
        BufferPolicy policy = new BufferPolicy(base, max, Resources.of(chunkCpu, chunkMem), Duration.ofMinutes(5), Duration.ofMinutes(30));
        int desired = BufferSizing.desired(Resources.of(demandCpu, demandMem), policy, FRIDAY_NOON, cap == null ? OptionalInt.empty() : OptionalInt.of(cap));
        assertThat(desired).isEqualTo(expected);
    }

    /** The formula is unchanged with a schedule: its window's replicas take the baseline's place while it is active. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                 | at                   | demandCpu | cap | expected
            window active, nothing at risk: the window's 6         | 2026-11-20T12:00:00Z | 0         | -   | 6
            window inactive (Saturday): the constant 2             | 2026-11-21T12:00:00Z | 0         | -   | 2
            at-risk demand on top of the window's baseline         | 2026-11-20T12:00:00Z | 2500m     | -   | 9
            at-risk demand on top of the constant baseline         | 2026-11-21T12:00:00Z | 2500m     | -   | 5
            clamped to maxReplicas (10)                            | 2026-11-20T12:00:00Z | 8         | -   | 10
            NodePool limits cap the demand on top of the window    | 2026-11-20T12:00:00Z | 8         | 7   | 7
            NodePool limits never push below the window's baseline | 2026-11-20T12:00:00Z | 8         | 3   | 6
            """)
    void desired_withSchedule(String name, Instant at, String demandCpu, Integer cap, int expected) {
        BaselineSchedule schedule = new BaselineSchedule(List.of(
                BaselineSchedule.Window.of(List.of("Mon", "Tue", "Wed", "Thu", "Fri"), "08:00", "18:00", "Europe/Paris", 6)));
        BufferPolicy policy = new BufferPolicy(2, 10, Resources.of("1", "1Gi"), Duration.ofMinutes(5), Duration.ofMinutes(30), schedule);
        int desired = BufferSizing.desired(Resources.of(demandCpu, "0"), policy, at, cap == null ? OptionalInt.empty() : OptionalInt.of(cap));
        assertThat(desired).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void policy_rejectsAWindowAboveMaxReplicas() {
        BaselineSchedule schedule = new BaselineSchedule(List.of(BaselineSchedule.Window.of(List.of("Mon"), "08:00", "18:00", "UTC", 11)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new BufferPolicy(2, 10, Resources.of("1", "1Gi"), Duration.ofMinutes(5), Duration.ofMinutes(30), schedule))
                .hasMessageContaining("more than maxReplicas 10");
        assertThat(new BufferPolicy(2, 10, Resources.of("1", "1Gi"), Duration.ofMinutes(5), Duration.ofMinutes(30)).schedule())
                .isEqualTo(BaselineSchedule.NONE);
    }

    @ParameterizedTest(name = "limits {0}/{1}, used {2}/{3}, current {4} -> {5}")
    @CsvSource(nullValues = "-", textBlock = """
            100, -,     90, -,    2, 12
            100, 100Gi, 90, 98Gi, 2, 4
            100, -,     120, -,   2, 2
            """)
    void limitCap(String limCpu, String limMem, String usedCpu, String usedMem, int current, int expected) {
        OptionalInt cap = BufferSizing.limitCap(Resources.of(limCpu, limMem), Resources.of(usedCpu, usedMem), current, Resources.of("1", "1Gi"));
        assertThat(cap).hasValue(expected);
    }

    @org.junit.jupiter.api.Test
    void limitCap_noLimitsIsUnbounded() {
        assertThat(BufferSizing.limitCap(Resources.ZERO, Resources.of("5", "5Gi"), 2, Resources.of("1", "1Gi"))).isEmpty();
        assertThat(BufferSizing.limitCap(null, Resources.ZERO, 2, Resources.of("1", "1Gi"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"500m,500", "1,1000", "1.5,1500", "0.0001,1", "2k,2000000", "1e3,1000000"})
    void quantity_cpuInMillicoresRoundingUp(String q, long milli) {
        assertThat(Quantity.milliCpu(q)).isEqualTo(milli);
    }

    @ParameterizedTest
    @CsvSource({"512Mi,536870912", "1G,1000000000", "1Gi,1073741824", "128974848,128974848", "1.5Ki,1536"})
    void quantity_memoryInBytes(String q, long bytes) {
        assertThat(Quantity.bytes(q)).isEqualTo(bytes);
    }
}
