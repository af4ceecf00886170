package dev.nodeless.kube;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The three Kubernetes steps of the bootstrap and teardown workflows: apply (step 9), verify (step 10) and
 * the first teardown step. Each finds the cluster by name (DescribeCluster: always current, whatever shape
 * the state machine gives earlier outputs), opens a token-authenticated client, and does one job.
 * Transient failures are thrown for the state machine's Retry ({@link RetryableKubeException} from the Kubernetes
 * API, {@link dev.nodeless.aws.RetryableStepException} from DescribeCluster, as every AWS call); rejected
 * input becomes a {@code FAILED} result whose reason says what and why.
 */
public final class KubernetesPhase {

    public static final String APPLY = "applyKubernetes";

    /** Renders every object of the cluster, in apply order (charts included). */
    public interface ManifestSource { List<HasMetadata> build(ClusterSpec spec, ClusterFacts facts); }

    private final ClusterAccess access;
    private final ManifestSource manifests;
    private final Function<KubernetesClient, Applier> appliers;

    public KubernetesPhase(ClusterAccess access, ManifestSource manifests, Function<KubernetesClient, Applier> appliers) {
        this.access = access;
        this.manifests = manifests;
        this.appliers = appliers;
    }

    public StepResult apply(StepInput input, AwsAccount account) {
        if (!valid(input)) return invalid(APPLY);
        ClusterSpec spec = input.spec();
        Optional<ClusterInfo> found = access.find(spec.region(), spec.clusterName());
        if (found.isEmpty() || !found.get().active()) return notActive(APPLY, spec, found);
        ClusterInfo cluster = found.get();
        try (KubernetesClient client = access.connect(spec.region(), cluster.endpoint())) {
            ClusterFacts facts = facts(spec, cluster, account);
            if (spec.addons() == null || spec.addons().loadBalancerController() == null || !Boolean.FALSE.equals(spec.addons().loadBalancerController().enabled())) {
                facts = facts.withLoadBalancerControllerWebhook(WebhookCertificates.loadBalancerController(client));
            }
            ApplyReport report = appliers.apply(client).apply(manifests.build(spec, facts));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("created", Long.toString(report.count(ApplyReport.Change.CREATED)));
            details.put("configured", Long.toString(report.count(ApplyReport.Change.CONFIGURED)));
            details.put("unchanged", Long.toString(report.count(ApplyReport.Change.UNCHANGED)));
            if (report.changedAnything()) details.put("changed", report.changed(20));
            if (!report.complete()) return StepResult.waiting(APPLY, null, report.summary(), details);
            String status = report.count(ApplyReport.Change.CREATED) > 0 ? StepResult.CREATED
                    : report.count(ApplyReport.Change.CONFIGURED) > 0 ? StepResult.UPDATED : StepResult.UNCHANGED;
            return StepResult.done(APPLY, null, status, report.summary(), details);
        } catch (KubeRejectedException e) {
            return StepResult.failed(APPLY, null, e.getMessage());
        }
    }

    public StepResult verify(StepInput input) {
        if (!valid(input)) return invalid(ClusterVerifier.STEP);
        ClusterSpec spec = input.spec();
        Optional<ClusterInfo> found = access.find(spec.region(), spec.clusterName());
        if (found.isEmpty() || !found.get().active()) return notActive(ClusterVerifier.STEP, spec, found);
        try (KubernetesClient client = access.connect(spec.region(), found.get().endpoint())) {
            return new ClusterVerifier().verify(client, found.get().endpoint().url());
        } catch (KubeRejectedException e) {
            return StepResult.failed(ClusterVerifier.STEP, null, e.getMessage());
        }
    }

    /** Upgrade step {@code restartFargatePods} (target: the version the control plane reached): see {@link FargateRestart}. */
    public StepResult restartFargatePods(StepInput input) {
        String step = FargateRestart.STEP;
        if (!valid(input) || input.target() == null) return invalid(step);
        ClusterSpec spec = input.spec();
        Optional<ClusterInfo> found = access.find(spec.region(), spec.clusterName());
        if (found.isEmpty() || !found.get().active()) return notActive(step, spec, found);
        if (!input.target().equals(found.get().kubernetesVersion())) {
            return StepResult.failed(step, input.target(), "cluster " + spec.clusterName() + " is at " + found.get().kubernetesVersion()
                    + ", not " + input.target() + "; upgradeControlPlane moves it first");
        }
        try (KubernetesClient client = access.connect(spec.region(), found.get().endpoint())) {
            return new FargateRestart().restart(client, input.target());
        } catch (KubeRejectedException e) {
            return StepResult.failed(step, input.target(), e.getMessage());
        }
    }

    public StepResult teardown(StepInput input) {
        if (!valid(input)) return invalid(KubernetesTeardown.STEP);
        ClusterSpec spec = input.spec();
        Optional<ClusterInfo> found = access.find(spec.region(), spec.clusterName());
        String step = KubernetesTeardown.STEP;
        if (found.isEmpty()) return StepResult.done(step, null, StepResult.ABSENT, "cluster " + spec.clusterName() + " does not exist", Map.of());
        ClusterInfo cluster = found.get();
        switch (cluster.status()) {
            case "CREATING", "UPDATING", "PENDING":
                return StepResult.waiting(step, null, "cluster " + cluster.name() + " is " + cluster.status() + "; its API is needed to remove load balancers and nodes", Map.of());
            case "DELETING", "FAILED":
                // nothing can reach the API any more; the AWS teardown steps remove what is left by tag
                return StepResult.done(step, null, StepResult.ABSENT, "cluster " + cluster.name() + " is " + cluster.status() + "; its Kubernetes API is gone", Map.of());
            default:
                break;
        }
        if (!cluster.active()) return notActive(step, spec, found);
        try (KubernetesClient client = access.connect(spec.region(), cluster.endpoint())) {
            return new KubernetesTeardown().teardown(client);
        } catch (KubeRejectedException e) {
            return StepResult.failed(step, null, e.getMessage());
        }
    }

    /** What the manifests need from the live cluster and the account; every name comes from ResourceNames. */
    static ClusterFacts facts(ClusterSpec spec, ClusterInfo cluster, AwsAccount account) {
        return ClusterFacts.derive(spec, account.accountId(), cluster.vpcId(), cluster.kubernetesVersion(), cluster.endpoint().url());
    }

    private static StepResult notActive(String step, ClusterSpec spec, Optional<ClusterInfo> found) {
        String state = found.map(c -> "is " + c.status() + (c.endpoint() == null ? " without an API endpoint" : "")).orElse("does not exist");
        return StepResult.failed(step, null, "cluster " + spec.clusterName() + " in " + spec.region() + " " + state
                + "; the Kubernetes phase needs an ACTIVE cluster (run ensureCluster first)");
    }

    private static boolean valid(StepInput input) {
        return input != null && input.spec() != null && input.spec().clusterName() != null && input.spec().region() != null;
    }

    private static StepResult invalid(String step) {
        return StepResult.failed(step, null, "step input needs spec.clusterName and spec.region; nothing was changed");
    }
}
