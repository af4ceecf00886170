package dev.nodeless.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.SignedHttp;
import dev.nodeless.maintenance.InstanceDirectory;
import dev.nodeless.testing.MotoServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Against moto's EC2 with really tagged instances (launched with the SDK; read through the Query API like production). */
class InstanceResolverTest {

    static final MotoServer MOTO = MotoServer.get();
    AwsClients aws;
    Ec2Client ec2;

    @BeforeEach
    void reset() {
        MOTO.reset();
        aws = MOTO.clients("eu-west-1");
        ec2 = aws.ec2();
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
        Map<String, InstanceDirectory.Instance> found = new InstanceResolver(aws).describe(List.of(eks, k8s, discovery, plain));
        assertThat(found.get(eks).cluster()).isEqualTo("alpha");
        assertThat(found.get(k8s).cluster()).isEqualTo("beta");
        assertThat(found.get(discovery).cluster()).isEqualTo("gamma");
        assertThat(found.get(plain).cluster()).isNull();
        String dns = ec2.describeInstances(r -> r.instanceIds(eks)).reservations().get(0).instances().get(0).privateDnsName();
        assertThat(found.get(eks).nodeNameHints()).containsExactly(dns, eks);
        assertThat(dns).startsWith("ip-");
    }

    @Test
    void unknownInstance_isAbsentInsteadOfFailingTheWholeCall() {
        String known = run(ec2, tag("eks:eks-cluster-name", "alpha"));
        Map<String, InstanceDirectory.Instance> found = new InstanceResolver(aws).describe(List.of("i-0deadbeefdeadbeef", known));
        assertThat(found).containsOnlyKeys(known);
    }

    @Test
    void instancesOfAnotherRegion_areNotFound_becauseTheRequestIsSignedForItsOwnRegion() {
        String known = run(ec2, tag("eks:eks-cluster-name", "alpha"));
        assertThat(new InstanceResolver(MOTO.clients("us-east-1")).describe(List.of(known))).isEmpty();
    }

    @Test
    void manyInstances_areReadPageByPage() {
        List<String> ids = IntStream.range(0, 7).mapToObj(n -> run(ec2, tag("eks:eks-cluster-name", "c" + n))).toList();
        Recording http = new Recording();
        var resolver = new InstanceResolver(aws.region(), aws.endpoint(), aws.credentials(), http, 5);
        Map<String, InstanceDirectory.Instance> found = resolver.describe(ids);
        assertThat(found).containsOnlyKeys(ids);
        assertThat(found.get(ids.get(6)).cluster()).isEqualTo("c6");
        assertThat(http.bodies).hasSize(2);
        assertThat(http.bodies.get(1)).contains("NextToken=");
    }

    @Test
    void request_isAFormPostSignedWithSigV4ForEc2InTheClientsRegion() {
        String known = run(ec2, tag("eks:eks-cluster-name", "alpha"));
        Recording http = new Recording();
        new InstanceResolver(aws.region(), aws.endpoint(), aws.credentials(), http, 100).describe(List.of(known));
        SignedHttp.Request sent = http.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.header("Authorization")).get().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=").contains("/eu-west-1/ec2/aws4_request").contains("SignedHeaders=")
                .contains("Signature=");
        assertThat(sent.header("X-Amz-Date")).isPresent();
        assertThat(http.bodies.get(0)).startsWith("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-id&Filter.1.Value.1=" + known);
    }

    @Test
    void unreachableEndpoint_isRetryable_andSaysWhatWasBeingDone() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) { closedPort = s.getLocalPort(); }
        var resolver = new InstanceResolver(aws.region(), Optional.of(URI.create("http://127.0.0.1:" + closedPort)), aws.credentials(),
                SignedHttp.URL_CONNECTION, 100);
        assertThatThrownBy(() -> resolver.describe(List.of("i-0123456789abcdef0")))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("EC2 DescribeInstances in eu-west-1");
    }

    /** Moto cannot answer with a 5xx, so a JDK HTTP server stands in for a load balancer's error page here. */
    @Test
    void serverErrorWithoutXml_isRetryable_afterThreeAttempts() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            byte[] page = "<html><body>503 Service Unavailable".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, page.length);
            try (var out = ex.getResponseBody()) { out.write(page); }
        });
        server.start();
        try {
            var resolver = new InstanceResolver(aws.region(), Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                    aws.credentials(), SignedHttp.URL_CONNECTION, 100);
            assertThatThrownBy(() -> resolver.describe(List.of("i-0123456789abcdef0")))
                    .isInstanceOf(RetryableStepException.class).hasMessageContaining("EC2 DescribeInstances in eu-west-1 (HTTP 503)");
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void instanceXml_readsOnlyTheInstancesOwnFields_notThoseOfItsNetworkInterfaces() {
        String xml = """
                <item xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                  <instanceId>i-1</instanceId>
                  <privateDnsName>ip-10-0-0-1.eu-west-1.compute.internal</privateDnsName>
                  <networkInterfaceSet><item><privateDnsName>ip-10-0-9-9.eu-west-1.compute.internal</privateDnsName>
                    <tagSet><item><key>eks:eks-cluster-name</key><value>wrong</value></item></tagSet></item></networkInterfaceSet>
                  <tagSet><item><key>kubernetes.io/cluster/right</key><value>owned</value></item></tagSet>
                </item>""";
        var i = InstanceResolver.instance(Ec2Query.parse(xml.getBytes(StandardCharsets.UTF_8), "test"));
        assertThat(i.cluster()).isEqualTo("right");
        assertThat(i.nodeNameHints()).containsExactly("ip-10-0-0-1.eu-west-1.compute.internal", "i-1");
    }

    @Test
    void answerWithADoctype_isRejected_notExpanded() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> Ec2Query.parse(xml.getBytes(StandardCharsets.UTF_8), "EC2 DescribeInstances"))
                .isInstanceOf(Ec2QueryException.class).hasMessageContaining("the answer is not XML");
    }

    /** Passes every request on to the real transport (HttpURLConnection), keeping what was sent. */
    static final class Recording implements SignedHttp.Transport {
        final List<SignedHttp.Request> requests = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        @Override
        public SignedHttp.Answer exchange(SignedHttp.Request signed, byte[] body) throws java.io.IOException {
            requests.add(signed);
            if (body != null) bodies.add(new String(body, StandardCharsets.UTF_8));
            return SignedHttp.URL_CONNECTION.exchange(signed, body);
        }
    }
}
