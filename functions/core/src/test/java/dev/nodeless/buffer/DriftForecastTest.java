package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.buffer.DriftForecast.Budget;
import dev.nodeless.buffer.DriftForecast.Candidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftForecastTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** Karpenter rounds a percentage budget UP (intstr.GetScaledValueFromIntOrPercent with roundUp=true). */
    @ParameterizedTest
    @CsvSource({
            "10%, 10, 1", "10%, 11, 2", "10%, 19, 2", "10%, 20, 2", "10%, 21, 3", "10%, 1, 1", "10%, 0, 0",
            "5%, 10, 1", "100%, 7, 7", "0%, 50, 0", "0, 50, 0", "3, 50, 3", "3, 2, 3", "lots, 10, 0", "-1, 10, 0"})
    void oneBudget_scaledAsKarpenterDoes(String nodes, int poolSize, int allowed) {
        assertThat(DriftForecast.allowed(List.of(new Budget(nodes, null, null)), poolSize)).isEqualTo(allowed);
    }

    @Test
    void theSmallestApplyingBudgetWins_budgetsForOtherReasonsOrWithASchedule_doNot() {
        List<Budget> budgets = List.of(new Budget("50%", null, null), new Budget("2", List.of("Drifted", "Empty"), null),
                new Budget("0", List.of("Underutilized"), null), new Budget("0", null, "0 9 * * mon-fri"));

        assertThat(DriftForecast.allowed(budgets, 40)).isEqualTo(2);
        assertThat(DriftForecast.allowed(List.of(new Budget("0", List.of("Empty"), null)), 40)).isEqualTo(Integer.MAX_VALUE);
        assertThat(DriftForecast.allowed(List.of(), 40)).as("the CRD's default, 10%").isEqualTo(4);
    }

    @Test
    void clusterWideDrift_nextWaveIsTheBudget_oldestDriftFirst() {
        List<Candidate> claims = new ArrayList<>();
        Set<String> live = new HashSet<>();
        IntStream.range(0, 25).forEach(i -> {
            claims.add(new Candidate("default-" + i, "node-" + i, "default", T0.plusSeconds(100 - i), false));
            live.add("node-" + i);
        });

        List<Candidate> wave = DriftForecast.nextWave(claims, live, Map.of("default", List.of(new Budget("10%", null, null))));

        // 10 % of 25 rounds up to 3; the three drifted longest (the highest numbers here) go first.
        assertThat(wave).extracting(Candidate::claim).containsExactly("default-24", "default-23", "default-22");
    }

    @Test
    void nodesAlreadyBeingReplaced_useTheBudget_andAreInTheWave() {
        List<Candidate> claims = List.of(
                new Candidate("a", "n-a", "default", T0, true),
                new Candidate("b", "n-b", "default", T0.plusSeconds(1), false),
                new Candidate("c", "n-c", "default", T0.plusSeconds(2), false),
                new Candidate("d", "n-d", "default", null, false),
                new Candidate("e", "n-e", "default", null, true));
        Set<String> live = Set.of("n-a", "n-b", "n-c", "n-d", "n-e");

        // budget 2, two deleting (a, e): no room for more; a is displaced now.
        assertThat(DriftForecast.nextWave(claims, live, Map.of("default", List.of(new Budget("2", null, null)))))
                .extracting(Candidate::claim).containsExactly("a");
        // budget 3: one more, the oldest drift (b).
        assertThat(DriftForecast.nextWave(claims, live, Map.of("default", List.of(new Budget("3", null, null)))))
                .extracting(Candidate::claim).containsExactly("a", "b");
    }

    @Test
    void eachPoolHasItsOwnBudget_goneNodesAndUndriftedClaimsAreNotAtRisk() {
        List<Candidate> claims = List.of(
                new Candidate("s1", "n1", "spot", T0, false), new Candidate("s2", "n2", "spot", T0, false),
                new Candidate("o1", "n3", "on-demand", T0, false), new Candidate("o2", "n4", "on-demand", T0, false),
                new Candidate("o3", "gone", "on-demand", T0, false), new Candidate("x", "n5", "spot", null, false));
        Set<String> live = Set.of("n1", "n2", "n3", "n4", "n5");

        List<Candidate> wave = DriftForecast.nextWave(claims, live, Map.of("spot", List.of(new Budget("100%", null, null)),
                "on-demand", List.of(new Budget("1", null, null))));

        assertThat(wave).extracting(Candidate::claim).containsExactly("s1", "s2", "o1");
    }
}
