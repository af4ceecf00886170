package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.testing.MotoServer;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DescribeCluster through the real SDK adapter against moto_server's EKS. */
class EksClusterAccessTest {

    private final MotoServer moto = MotoServer.get();

    @BeforeEach
    void reset() { moto.reset(); }

    @Test
    void existingCluster_givesEndpointCaVersionAndStatus() {
        var aws = moto.clients("eu-west-1");
        var vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        var subnet = aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1a")).subnet().subnetId();
        aws.eks().createCluster(r -> r.name("demo").version("1.33").roleArn("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));

        Optional<ClusterInfo> found = new EksClusterAccess(region -> moto.clients(region), KubeClients.Options.DEFAULT, Clock.systemUTC())
                .find("eu-west-1", "demo");

        assertThat(found).isPresent();
        ClusterInfo c = found.get();
        assertThat(c.name()).isEqualTo("demo");
        assertThat(c.kubernetesVersion()).isEqualTo("1.33");
        assertThat(c.status()).isEqualTo("ACTIVE"); // moto creates clusters ACTIVE at once
        assertThat(c.active()).isTrue();
        assertThat(c.endpoint().name()).isEqualTo("demo");
        assertThat(c.endpoint().url()).startsWith("https://").contains(".eu-west-1.eks.amazonaws.com");
        assertThat(c.endpoint().caData()).isNotBlank();
        assertThat(c.vpcId()).as("moto leaves resourcesVpcConfig.vpcId empty").isNull();
    }

    @Test
    void missingCluster_isEmpty() {
        assertThat(new EksClusterAccess(region -> moto.clients(region), KubeClients.Options.DEFAULT, Clock.systemUTC()).find("eu-west-1", "nope")).isEmpty();
    }

    @Test
    void withoutEksSdk_findsTheSameAsTheSdkClient() {
        var aws = moto.clients("eu-west-1");
        var vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        var subnet = aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1a")).subnet().subnetId();
        aws.eks().createCluster(r -> r.name("demo").version("1.33").roleArn("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));

        var rest = EksClusterAccess.withoutEksSdk(region -> moto.clients(region), KubeClients.Options.DEFAULT, Clock.systemUTC());
        var sdk = new EksClusterAccess(region -> moto.clients(region), KubeClients.Options.DEFAULT, Clock.systemUTC());

        ClusterInfo viaRest = rest.find("eu-west-1", "demo").orElseThrow();
        assertThat(viaRest).isEqualTo(sdk.find("eu-west-1", "demo").orElseThrow());
        assertThat(viaRest.endpoint().url()).startsWith("https://");
        assertThat(viaRest.endpoint().caData()).isNotBlank();
        assertThat(rest.find("eu-west-1", "nope")).isEmpty();
    }
}
