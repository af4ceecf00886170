package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Specs;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BufferPoliciesTest {

    @Test
    void specSchedule_becomesThePolicysSchedule() {
        ClusterSpec spec = Specs.normalise("""
                {"clusterName": "demo", "region": "eu-west-1", "admins": ["arn:aws:iam::123456789012:role/Admin"],
                 "buffer": {"baselineReplicas": 2, "baselineSchedule": [
                   {"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "from": "08:00", "to": "18:00", "timeZone": "Europe/Paris", "replicas": 6},
                   {"days": ["Sat"], "from": "22:00", "to": "06:00", "replicas": 3}]}}
                """);

        BufferPolicy p = BufferPolicies.from(spec);

        assertThat(p.schedule().windows()).hasSize(2);
        assertThat(p.schedule().windows().get(0).describe()).isEqualTo("Mon-Fri 08:00-18:00 Europe/Paris");
        assertThat(p.schedule().windows().get(1).zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(p.schedule().windows().get(1).days()).containsExactly(DayOfWeek.SATURDAY);
        assertThat(p.baselineAt(Instant.parse("2026-11-20T07:00:00Z"))).as("Friday 08:00 Paris").isEqualTo(6);
        assertThat(p.baselineAt(Instant.parse("2026-11-21T23:00:00Z"))).as("Saturday 23:00 UTC").isEqualTo(3);
        assertThat(p.baselineAt(Instant.parse("2026-11-22T12:00:00Z"))).as("Sunday noon").isEqualTo(2);
    }

    @Test
    void specWithoutSchedule_storedBeforeSchedulesExisted_hasAConstantBaseline() {
        ClusterSpec old = Specs.normalise("{\"clusterName\": \"demo\", \"region\": \"eu-west-1\", \"admins\": [\"arn:aws:iam::123456789012:role/Admin\"]}");
        ClusterSpec.Buffer b = old.buffer();
        ClusterSpec stored = new ClusterSpec(old.clusterName(), old.region(), old.kubernetesVersion(), old.endpoint(), old.network(),
                old.admins(), old.karpenter(), new ClusterSpec.Buffer(b.backend(), b.baselineReplicas(), b.maxReplicas(), b.pod(),
                b.lookahead(), b.cooldown()), old.addons(), old.tags());

        assertThat(stored.buffer().baselineSchedule()).isNull();
        assertThat(BufferPolicies.from(stored).schedule()).isEqualTo(BaselineSchedule.NONE);
        assertThat(BufferPolicies.from(old).schedule()).isEqualTo(BaselineSchedule.NONE);
    }

    @Test
    void specBaselinePercent_becomesThePolicysShare_andAbsentIsOff() {
        ClusterSpec spec = Specs.normalise("""
                {"clusterName": "demo", "region": "eu-west-1", "admins": ["arn:aws:iam::123456789012:role/Admin"], "buffer": {"baselinePercent": 2.5}}
                """);
        ClusterSpec old = Specs.normalise("{\"clusterName\": \"demo\", \"region\": \"eu-west-1\", \"admins\": [\"arn:aws:iam::123456789012:role/Admin\"]}");
        ClusterSpec.Buffer b = old.buffer();
        ClusterSpec stored = new ClusterSpec(old.clusterName(), old.region(), old.kubernetesVersion(), old.endpoint(), old.network(),
                old.admins(), old.karpenter(), new ClusterSpec.Buffer(b.backend(), b.baselineReplicas(), b.maxReplicas(), b.pod(),
                b.lookahead(), b.cooldown(), b.baselineSchedule()), old.addons(), old.tags());

        assertThat(BufferPolicies.from(spec).baselinePercent()).isEqualTo(2.5);
        assertThat(BufferPolicies.from(spec).followsShare()).isTrue();
        assertThat(stored.buffer().baselinePercent()).isNull();
        assertThat(BufferPolicies.from(stored).followsShare()).isFalse();
        assertThat(BufferPolicies.from(old).followsShare()).isFalse();
    }
}
