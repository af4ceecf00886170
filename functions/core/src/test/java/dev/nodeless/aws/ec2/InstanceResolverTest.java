package dev.nodeless.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.maintenance.InstanceDirectory;
import dev.nodeless.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Against moto's EC2 with really tagged instances. */
class InstanceResolverTest {

    static final MotoServer MOTO = MotoServer.get();
    Ec2Client ec2;

    @BeforeEach
    void reset() {
        MOTO.reset();
        ec2 = MOTO.clients("eu-west-1").ec2();
    }

    static String run(Ec2Client ec2, Tag... tags) {
        return ec2.runInstances(b -> b.imageId("ami-12c6146b").minCount(1).maxCount(1).instanceType("m5.large")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0).instanceId();
    }

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void clusterFromEachKindOfTag_andPrivateDnsNameAsNodeNameHint() {
        String eks = run(ec2, tag("eks:eks-cluster-name", "alpha"), tag("karpenter.sh/discovery", "other"));
        String k8s = run(ec2, tag("kubernetes.io/cluster/beta", "owned"));
        String discovery = run(ec2, tag("karpenter.sh/discovery", "gamma"));
        String plain = run(ec2, tag("Name", "bastion"));
        Map<String, InstanceDirectory.Instance> found = new InstanceResolver(ec2).describe(List.of(eks, k8s, discovery, plain));
        assertThat(found.get(eks).cluster()).isEqualTo("alpha");
        assertThat(found.get(k8s).cluster()).isEqualTo("beta");
        assertThat(found.get(discovery).cluster()).isEqualTo("gamma");
        assertThat(found.get(plain).cluster()).isNull();
        assertThat(found.get(eks).nodeNameHints()).hasSize(2).last().isEqualTo(eks);
        assertThat(found.get(eks).nodeNameHints().get(0)).startsWith("ip-");
    }

    @Test
    void unknownInstance_isAbsentInsteadOfFailingTheWholeCall() {
        String known = run(ec2, tag("eks:eks-cluster-name", "alpha"));
        Map<String, InstanceDirectory.Instance> found = new InstanceResolver(ec2).describe(List.of("i-0deadbeefdeadbeef", known));
        assertThat(found).containsOnlyKeys(known);
    }
}
