package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Add-ons through {@link dev.nodeless.testing.EksAddonAndAccessEntryStub}: moto 5.2 has no add-on API. */
class AddonsTest {

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void clusterExists() {
        f = AwsTestSupport.fresh();
        AwsTestSupport.clusterReady(f, spec);
    }

    @Test
    void coredns_isCreatedForFargate_andSecondRunIsActive() {
        StepResult first = f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));
        StepResult second = f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(f.eks().describeAddon(x -> x.clusterName("demo").addonName("coredns")).addon().configurationValues())
                .isEqualTo("{\"computeType\":\"Fargate\"}");
    }

    @Test
    void vpcCni_hasNoConfiguration() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "vpc-cni"));

        assertThat(f.eks().describeAddon(x -> x.clusterName("demo").addonName("vpc-cni")).addon().configurationValues()).isNull();
    }

    @Test
    void corednsConfigurationChangedByHand_isSetBack_andReported() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));
        f.eks().updateAddon(x -> x.clusterName("demo").addonName("coredns").configurationValues("{\"replicaCount\":3}"));

        StepResult r = f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("replicaCount");
        assertThat(f.eks().describeAddon(x -> x.clusterName("demo").addonName("coredns")).addon().configurationValues())
                .isEqualTo("{\"computeType\":\"Fargate\"}");
    }

    @Test
    void addonThatFailedToCreate_isReportedAsFailed_withItsHealthIssue() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "kube-proxy"));
        f.eks().setAddonStatus("demo", "kube-proxy", software.amazon.awssdk.services.eks.model.AddonStatus.CREATE_FAILED, "kube-proxy DaemonSet exists");

        StepResult r = f.steps().addons().ensure(AwsTestSupport.input(spec, "kube-proxy"));

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).contains("CREATE_FAILED", "kube-proxy DaemonSet exists");
    }

    @Test
    void degradedCoredns_keepsTheStepWaiting_becauseItsPodsMayStillBeScheduling() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));
        f.eks().setAddonStatus("demo", "coredns", software.amazon.awssdk.services.eks.model.AddonStatus.DEGRADED, "0/2 replicas ready");

        StepResult r = f.steps().addons().ensure(AwsTestSupport.input(spec, "coredns"));

        assertThat(r.done()).isFalse();
        assertThat(r.reason()).contains("DEGRADED", "0/2 replicas ready");
    }

    @Test
    void delete_removesEveryAddon_thenReportsAbsent() {
        for (String a : Addons.TARGETS) f.steps().addons().ensure(AwsTestSupport.input(spec, a));

        assertThat(f.steps().addons().delete(spec, "addons").status()).isEqualTo(StepResult.DELETED);
        assertThat(f.eks().listAddons(x -> x.clusterName("demo")).addons()).isEmpty();
        assertThat(f.steps().addons().delete(spec, "addons").status()).isEqualTo(StepResult.ABSENT);
    }

    // --- metrics-server and aws-ebs-csi-driver (add-ons are EksAddonAndAccessEntryStub's: moto 5.2 has no add-on API) ---

    @Test
    void metricsServerAndEbsCsiDriver_areOnByDefault_theDriverWithItsIrsaRole() {
        StepResult metrics = f.steps().addons().ensure(AwsTestSupport.input(spec, "metrics-server"));
        StepResult ebs = f.steps().addons().ensure(AwsTestSupport.input(spec, "aws-ebs-csi-driver"));

        assertThat(metrics.status()).isEqualTo(StepResult.CREATED);
        assertThat(ebs.status()).isEqualTo(StepResult.CREATED);
        var driver = f.eks().describeAddon(x -> x.clusterName("demo").addonName("aws-ebs-csi-driver")).addon();
        assertThat(driver.serviceAccountRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-ebs-csi");
        assertThat(f.eks().describeAddon(x -> x.clusterName("demo").addonName("metrics-server")).addon().serviceAccountRoleArn()).isNull();
        assertThat(f.steps().addons().ensure(AwsTestSupport.input(spec, "aws-ebs-csi-driver")).status()).isEqualTo(StepResult.ACTIVE);
    }

    @Test
    void ebsCsiDriverWithAnotherRole_getsItsRoleBack() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "aws-ebs-csi-driver"));
        f.eks().updateAddon(x -> x.clusterName("demo").addonName("aws-ebs-csi-driver").serviceAccountRoleArn("arn:aws:iam::123456789012:role/other"));

        StepResult r = f.steps().addons().ensure(AwsTestSupport.input(spec, "aws-ebs-csi-driver"));

        assertThat(r.reason()).isEqualTo("service account role was arn:aws:iam::123456789012:role/other, set to "
                + "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-ebs-csi");
        assertThat(f.eks().describeAddon(x -> x.clusterName("demo").addonName("aws-ebs-csi-driver")).addon().serviceAccountRoleArn())
                .endsWith("/nodeless-demo-ebs-csi");
    }

    @Test
    void switchedOff_isNotInstalled_andAnInstalledOneIsDeleted() {
        f.steps().addons().ensure(AwsTestSupport.input(spec, "metrics-server"));
        var a = spec.addons();
        ClusterSpec off = AwsTestSupport.withAddons(spec, new ClusterSpec.Addons(a.loadBalancerController(), a.externalDns(), a.kubeOpsView(),
                a.inflate(), new ClusterSpec.Addons.Toggle(false), new ClusterSpec.Addons.Toggle(false)));

        StepResult metrics = f.steps().addons().ensure(AwsTestSupport.input(off, "metrics-server"));
        StepResult ebs = f.steps().addons().ensure(AwsTestSupport.input(off, "aws-ebs-csi-driver"));

        assertThat(metrics.status()).isEqualTo(StepResult.DELETED);
        assertThat(metrics.reason()).isEqualTo("ignored because metrics-server is switched off in the spec (addons.metricsServer.enabled=false); deleted it");
        assertThat(ebs.status()).isEqualTo(StepResult.ABSENT);
        assertThat(ebs.reason()).isEqualTo("ignored because aws-ebs-csi-driver is switched off in the spec (addons.ebsCsiDriver.enabled=false)");
        assertThat(f.eks().listAddons(x -> x.clusterName("demo")).addons()).doesNotContain("metrics-server", "aws-ebs-csi-driver");
    }
}
