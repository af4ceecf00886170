package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event model: counts and shapes match their parameters; the same seed gives the same trace. */
class TraceGeneratorTest {

    private static Scenario scenario(String disruptions, double hours, int nodes) throws IOException {
        return Scenario.parse("""
                {"name": "gen", "hours": %s, "cluster": {"nodes": %d, "expireAfterHours": 2000},
                 "disruptions": %s}""".formatted(hours, nodes, disruptions));
    }

    @Test
    void backgroundWarnings_countMatchesRateTimesNodeHours() throws IOException {
        // 10 per node-month x 1000 nodes x 73.05 h = 1000 expected; Poisson sd ~ 32.
        Scenario s = scenario("{\"spotInterruptionsPerNodeMonth\": 10, \"rebalanceShare\": 0.25}", 73.05, 1000);

        Trace t = TraceGenerator.generate(s, 7);

        assertThat(t.count("background")).isBetween(900L, 1100L);
        assertThat(t.interruptions()).allSatisfy(i -> assertThat(i.warnAt()).isBetween(0L, s.horizonMillis()));
        // A quarter preceded by a rebalance recommendation (binomial sd ~ 14).
        assertThat(t.rebalanceRecommendations()).isBetween(190L, 310L);
    }

    @Test
    void rebalanceLead_staysWithinItsBounds() throws IOException {
        Scenario s = scenario("{\"spotInterruptionsPerNodeMonth\": 10, \"rebalanceShare\": 1, \"rebalanceLeadMinutes\": [3, 4]}", 24, 200);

        Trace t = TraceGenerator.generate(s, 3);

        assertThat(t.interruptions()).isNotEmpty().allSatisfy(i ->
                assertThat(i.rebalanceLeadMillis()).isBetween(180_000L, 240_000L));
    }

    @Test
    void storm_hitsOnlyItsPool_fractionOfThePoolWithinTheWindow() throws IOException {
        Scenario s = scenario("""
                {"spotInterruptionsPerNodeMonth": 0,
                 "storms": [{"atMinutes": 30, "pool": "m5.2xlarge/us-east-1a", "fraction": 0.75, "withinMinutes": 5}]}""",
                2, 300);

        Trace t = TraceGenerator.generate(s, 11);

        long poolSize = t.nodes().stream()
                .filter(n -> n.instanceType().equals("m5.2xlarge") && n.zone().equals("us-east-1a")).count();
        assertThat(poolSize).isGreaterThan(20);
        assertThat(t.count("storm")).isEqualTo(Math.round(0.75 * poolSize));
        assertThat(t.interruptions()).allSatisfy(i -> {
            assertThat(i.pool()).isEqualTo("m5.2xlarge/us-east-1a");
            assertThat(i.warnAt()).isBetween(30 * 60_000L, 35 * 60_000L - 1);
        });
    }

    @Test
    void expiryWave_nodesAreCreatedTogether_soTheyExpireAtTheWaveTime() throws IOException {
        Scenario s = Scenario.parse("""
                {"name": "wave", "hours": 4, "cluster": {"nodes": 100, "expireAfterHours": 1},
                 "disruptions": {"expiryWaves": [{"atMinutes": 20, "nodes": 60}]}}""");

        Trace t = TraceGenerator.generate(s, 5);

        long together = t.nodes().stream().filter(n -> n.createdAt() == 20 * 60_000L - 3_600_000L).count();
        assertThat(together).isEqualTo(60);
        assertThat(t.nodes()).allSatisfy(n -> assertThat(n.createdAt()).isBetween(-3_600_000L, 0L));
    }

    @Test
    void initialNodes_areFilledToTheTargetUtilization() throws IOException {
        Scenario s = scenario("{}", 1, 50);

        Trace t = TraceGenerator.generate(s, 1);

        assertThat(t.nodes()).hasSize(50).allSatisfy(n -> {
            InstanceType type = s.cluster().type(n.instanceType());
            long cpu = n.pods().stream().mapToLong(p -> p.milliCpu()).sum();
            long alloc = Allocatable.of(type, s.cluster()).milliCpu();
            assertThat(cpu).isLessThanOrEqualTo(alloc).isGreaterThan((long) (alloc * 0.8) - 2000);
        });
    }

    @Test
    void sameSeed_sameTrace_otherSeed_otherTrace() throws IOException {
        Scenario s = Scenario.load("mixed-day");

        assertThat(TraceGenerator.generate(s, 42)).isEqualTo(TraceGenerator.generate(s, 42));
        assertThat(TraceGenerator.generate(s, 42)).isNotEqualTo(TraceGenerator.generate(s, 43));
    }

    @Test
    void stormOnAPoolThatDoesNotExist_isRejectedWithTheReason() {
        assertThatThrownBy(() -> scenario("""
                {"storms": [{"atMinutes": 1, "pool": "c5.large/us-east-1a", "fraction": 0.5, "withinMinutes": 1}]}""", 1, 10))
                .hasMessageContaining("unknown instance type c5.large");
    }
}
