package dev.nodeless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

class OidcAndIrsaTest {

    private AwsTestSupport.Fixture f;
    private IamClient iam;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");
    private String issuerHost;

    @BeforeEach
    void clusterExists() {
        f = AwsTestSupport.fresh();
        iam = f.clients().iam();
        AwsTestSupport.clusterReady(f, spec);
        issuerHost = f.clients().eks().describeCluster(r -> r.name("demo")).cluster().identity().oidc().issuer().replace("https://", "");
    }

    @Test
    void oidcProvider_isCreatedForTheIssuerWithStsAudience_andSecondRunIsUnchanged() {
        StepResult first = f.steps().oidcProviders().ensure(AwsTestSupport.input(spec, null));
        StepResult second = f.steps().oidcProviders().ensure(AwsTestSupport.input(spec, null));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(first.details().get("providerArn")).isEqualTo("arn:aws:iam::123456789012:oidc-provider/" + issuerHost);
        var provider = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(first.details().get("providerArn")));
        assertThat(provider.clientIDList()).containsExactly("sts.amazonaws.com");
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).hasSize(1);
    }

    @Test
    void karpenterRole_trustsOnlyItsServiceAccount_andItsPolicyIsScopedToThisCluster() {
        f.steps().oidcProviders().ensure(AwsTestSupport.input(spec, null));
        StepResult r = f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "karpenter"));

        assertThat(r.status()).isEqualTo(StepResult.CREATED);
        var trust = IamRolesTest.trust(iam.getRole(x -> x.roleName("nodeless-demo-karpenter")).role().assumeRolePolicyDocument());
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(trust.at("/Statement/0/Principal/Federated").asText()).isEqualTo("arn:aws:iam::123456789012:oidc-provider/" + issuerHost);
        var equals = trust.at("/Statement/0/Condition/StringEquals");
        assertThat(equals.get(issuerHost + ":sub").asText()).isEqualTo("system:serviceaccount:karpenter:karpenter");
        assertThat(equals.get(issuerHost + ":aud").asText()).isEqualTo("sts.amazonaws.com");
        String policy = URLDecoder.decode(iam.getRolePolicy(x -> x.roleName("nodeless-demo-karpenter").policyName("karpenter-controller"))
                .policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).contains("aws:ResourceTag/kubernetes.io/cluster/demo", "arn:aws:sqs:eu-west-1:123456789012:nodeless_demo",
                "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-node", "arn:aws:eks:eu-west-1:123456789012:cluster/demo").doesNotContain("${");
        assertThat(f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "karpenter")).status()).isEqualTo(StepResult.UNCHANGED);
    }

    @Test
    void externalDnsRole_mayChangeRecordsOnlyInTheGivenZone_andTrustsKubeSystemExternalDns() {
        f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "external-dns"));

        var policy = Json.read(URLDecoder.decode(iam.getRolePolicy(x -> x.roleName("nodeless-demo-dns").policyName("external-dns"))
                .policyDocument(), StandardCharsets.UTF_8));
        assertThat(policy.at("/Statement/0/Action").toString()).contains("route53:ChangeResourceRecordSets");
        assertThat(policy.at("/Statement/0/Resource").asText()).isEqualTo("arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ");
        assertThat(policy.at("/Statement/1/Action").toString()).doesNotContain("ChangeResourceRecordSets");
        var trust = IamRolesTest.trust(iam.getRole(x -> x.roleName("nodeless-demo-dns")).role().assumeRolePolicyDocument());
        assertThat(trust.at("/Statement/0/Condition/StringEquals").get(issuerHost + ":sub").asText())
                .isEqualTo("system:serviceaccount:kube-system:external-dns");
    }

    @Test
    void ebsCsiDriverRole_hasAwsManagedPolicyOnly_andTrustsTheControllersServiceAccount() {
        f.steps().oidcProviders().ensure(AwsTestSupport.input(spec, null));
        StepResult first = f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "ebs-csi-driver"));
        StepResult second = f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "ebs-csi-driver"));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(first.details()).containsEntry("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-ebs-csi");
        assertThat(iam.listAttachedRolePolicies(x -> x.roleName("nodeless-demo-ebs-csi")).attachedPolicies())
                .extracting(p -> p.policyArn()).containsExactly("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
        assertThat(iam.listRolePolicies(x -> x.roleName("nodeless-demo-ebs-csi")).policyNames()).isEmpty();
        var trust = IamRolesTest.trust(iam.getRole(x -> x.roleName("nodeless-demo-ebs-csi")).role().assumeRolePolicyDocument());
        assertThat(trust.at("/Statement/0/Condition/StringEquals").get(issuerHost + ":sub").asText())
                .isEqualTo("system:serviceaccount:kube-system:ebs-csi-controller-sa");
    }

    @Test
    void ebsCsiDriverSwitchedOff_getsNoRole() {
        var a = spec.addons();
        ClusterSpec off = AwsTestSupport.withAddons(spec, new ClusterSpec.Addons(a.loadBalancerController(), a.externalDns(), a.kubeOpsView(),
                a.inflate(), a.metricsServer(), new ClusterSpec.Addons.Toggle(false)));

        StepResult r = f.steps().irsaRoles().ensure(AwsTestSupport.input(off, "ebs-csi-driver"));

        assertThat(r.status()).isEqualTo(StepResult.ABSENT);
        assertThat(iam.listRoles().roles()).noneMatch(x -> x.roleName().equals("nodeless-demo-ebs-csi"));
    }

    @Test
    void disabledController_getsNoRole_andAnEarlierRoleIsDeleted() {
        f.steps().irsaRoles().ensure(AwsTestSupport.input(spec, "external-dns"));
        var a = spec.addons();
        ClusterSpec off = AwsTestSupport.withAddons(spec, new ClusterSpec.Addons(a.loadBalancerController(),
                new ClusterSpec.Addons.ExternalDns(false, null, null), a.kubeOpsView(), a.inflate()));

        StepResult deleted = f.steps().irsaRoles().ensure(AwsTestSupport.input(off, "external-dns"));
        StepResult absent = f.steps().irsaRoles().ensure(AwsTestSupport.input(off, "external-dns"));

        assertThat(deleted.status()).isEqualTo(StepResult.DELETED);
        assertThat(absent.status()).isEqualTo(StepResult.ABSENT);
        assertThat(absent.reason()).startsWith("ignored because external-dns is disabled");
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals("nodeless-demo-dns"));
    }

    @Test
    void externalDnsWithoutZone_isRejectedBeforeAnyRoleIsCreated() {
        var a = spec.addons();
        ClusterSpec noZone = AwsTestSupport.withAddons(spec, new ClusterSpec.Addons(a.loadBalancerController(),
                new ClusterSpec.Addons.ExternalDns(true, "demo.example.com", null), a.kubeOpsView(), a.inflate()));

        assertThatThrownBy(() -> f.steps().irsaRoles().ensure(AwsTestSupport.input(noZone, "external-dns")))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("hostedZoneId");
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals("nodeless-demo-dns"));
    }

    @Test
    void oidcProviderTeardown_findsItByTagAfterTheClusterIsGone() {
        f.steps().oidcProviders().ensure(AwsTestSupport.input(spec, null));
        f.clients().eks().deleteCluster(r -> r.name("demo"));

        assertThat(f.steps().oidcProviders().delete(spec, "oidc-provider").status()).isEqualTo(StepResult.DELETED);
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).isEmpty();
    }
}
