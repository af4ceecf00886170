package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SpecDefaultsTest {

    @Test
    void minimalSpec_getsSafeDefaultsEverywhere() {
        ClusterSpec s = SpecDefaults.apply(SpecReader.read(SpecFixtures.minimal()));

        assertThat(s.kubernetesVersion()).isEqualTo("1.33");
        assertThat(s.endpoint().publicAccess()).isTrue();
        assertThat(s.endpoint().privateAccess()).isTrue();
        assertThat(s.network().creates()).isTrue();
        assertThat(s.network().create().cidr()).isEqualTo("10.0.0.0/16");
        assertThat(s.network().create().azCount()).isEqualTo(3);
        assertThat(s.karpenter().version()).isEqualTo("1.14.1");
        assertThat(s.karpenter().capacityTypes()).containsExactly("spot", "on-demand");
        assertThat(s.karpenter().amiAlias()).isEqualTo("al2023@latest");
        assertThat(s.karpenter().expireAfter()).isEqualTo("720h");
        assertThat(s.buffer().backend()).isEqualTo("pause-pods");
        assertThat(s.buffer().baselineReplicas()).isEqualTo(2);
        assertThat(s.buffer().pod().cpu()).isEqualTo("1");
        assertThat(s.buffer().pod().memory()).isEqualTo("1Gi");
        assertThat(s.buffer().lookahead()).isEqualTo("10m");
        assertThat(s.buffer().cooldown()).isEqualTo("10m");
        assertThat(s.addons().kubeOpsView().scheme()).isEqualTo("internal");
        assertThat(s.addons().kubeOpsView().enabled()).isTrue();
        assertThat(s.addons().externalDns().enabled()).isFalse();
        assertThat(s.addons().loadBalancerController().enabled()).isTrue();
        assertThat(s.addons().inflate().enabled()).isFalse();
        assertThat(SpecValidator.validate(s)).isEmpty();
    }

    @Test
    void givenSubnets_noVpcIsCreated() {
        ObjectNode n = SpecFixtures.minimal();
        n.putObject("network").putArray("subnetIds").add("subnet-0123456789abcdef0").add("subnet-0123456789abcdef1");

        ClusterSpec s = SpecDefaults.apply(SpecReader.read(n));

        assertThat(s.network().creates()).isFalse();
        assertThat(s.network().securityGroupIds()).isEmpty();
    }

    @Test
    void domainGiven_turnsExternalDnsOnUnlessSwitchedOff() {
        ObjectNode n = SpecFixtures.minimal();
        ObjectNode dns = n.putObject("addons").putObject("externalDns").put("domain", "example.com");
        assertThat(SpecDefaults.apply(SpecReader.read(n)).addons().externalDns().enabled()).isTrue();

        dns.put("enabled", false);
        assertThat(SpecDefaults.apply(SpecReader.read(n)).addons().externalDns().enabled()).isFalse();
    }

    @Test
    void baselineAboveDefaultMax_raisesTheDefaultCeiling() {
        ObjectNode n = SpecFixtures.minimal();
        n.putObject("buffer").put("baselineReplicas", 30);

        assertThat(SpecDefaults.apply(SpecReader.read(n)).buffer().maxReplicas()).isEqualTo(30);
    }

    @Test
    void scheduleWindowAboveDefaultMax_raisesTheDefaultCeiling_andGetsUtc() {
        ObjectNode n = SpecFixtures.minimal();
        SpecFixtures.put(n, "/buffer/baselineSchedule", "[{\"days\": [\"Mon\"], \"from\": \"08:00\", \"to\": \"18:00\", \"replicas\": 30}]");

        ClusterSpec.Buffer b = SpecDefaults.apply(SpecReader.read(n)).buffer();

        assertThat(b.maxReplicas()).isEqualTo(30);
        assertThat(b.baselineSchedule()).singleElement().extracting(ClusterSpec.Buffer.Window::timeZone).isEqualTo("UTC");
        assertThat(SpecDefaults.apply(SpecReader.read(SpecFixtures.minimal())).buffer().baselineSchedule()).isEmpty();
    }

    @Test
    void applyingTwice_changesNothing() {
        ClusterSpec once = SpecDefaults.apply(SpecReader.read(SpecFixtures.minimal()));

        assertThat(SpecDefaults.apply(once)).isEqualTo(once);
        // and the normalised spec survives a JSON round trip through the state machine unchanged
        assertThat(Specs.normalise((com.fasterxml.jackson.databind.JsonNode) SpecReader.MAPPER.valueToTree(once))).isEqualTo(once);
    }
}
