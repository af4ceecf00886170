package dev.nodeless.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The target table's override: one lever applied to every row, merged into each scenario rather than replacing it. */
class TargetTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void override_mergesObjectsFieldByField_andKeepsWhatItDoesNotName() throws Exception {
        Scenario s = TargetTable.withOverride(JSON.readTree(TargetTable.variant(50, 24, 168)),
                JSON.readTree("{\"karpenter\": {\"consolidateAfterSeconds\": 0}, \"cluster\": {\"nodes\": 60}}"));

        assertThat(s.karpenter().consolidateAfterSeconds()).isZero();
        assertThat(s.cluster().nodes()).isEqualTo(60);
        assertThat(s.cluster().expireAfterHours()).isEqualTo(24.0); // the variant's, not the default 720
        assertThat(s.disruptions().storms()).hasSize(1);
        assertThat(s.karpenter().budgetNodesPercent()).isEqualTo(10.0);
    }

    @Test
    void override_withAFieldNoScenarioHas_isRefused() {
        assertThatThrownBy(() -> TargetTable.withOverride(JSON.readTree(TargetTable.variant(50, 24, 168)),
                JSON.readTree("{\"karpenter\": {\"consolidateAfterSecond\": 0}}")))
                .hasMessageContaining("consolidateAfterSecond");
    }
}
