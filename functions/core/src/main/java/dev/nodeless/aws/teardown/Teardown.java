package dev.nodeless.aws.teardown;

import dev.nodeless.aws.AwsSteps;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.eks.DeletionGuard;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.Registration;
import java.util.List;

/**
 * Step {@code teardownStep}: deletes one stage, in the order the teardown state machine calls them (the reverse of
 * the bootstrap). Every stage is idempotent: absent is success (ABSENT), and {@code done=false} means "still going
 * away, call again after a Wait".
 */
public final class Teardown {

    public static final String STEP = "teardownStep";
    /** The stages, in the order teardown must run them. */
    public static final List<String> STAGES = List.of("interruption-queue", "access-entries", "addons",
            "fargate-profile:karpenter", "fargate-profile:kube-system", "cluster", "kms-key", "irsa-roles", "oidc-provider",
            "iam-roles", "network", "registry");

    /** Stages that delete inside or the cluster itself: each refuses a same-name cluster this stack did not create. */
    static final List<String> CLUSTER_STAGES = List.of("access-entries", "addons", "fargate-profile:karpenter", "fargate-profile:kube-system",
            "cluster", "oidc-provider");

    private final AwsSteps steps;
    private final Registration registration;

    public Teardown(AwsSteps steps, Registration registration) {
        this.steps = steps;
        this.registration = registration;
    }

    public StepResult run(StepInput input) {
        String stage = input.target() == null ? "" : input.target();
        var spec = input.spec();
        if (DeletionGuard.STAGE.equals(stage)) return checkDeletionProtection(spec);
        if (CLUSTER_STAGES.contains(stage)) steps.cluster().describeOwned(spec.clusterName()); // never touch a cluster of anyone else
        return switch (stage) {
            case "interruption-queue" -> steps.interruptionQueue().delete(spec, stage);
            case "access-entries" -> steps.accessEntries().delete(spec, stage);
            case "addons" -> steps.addons().delete(spec, stage);
            case "fargate-profile:karpenter" -> steps.fargateProfiles().delete(spec, "karpenter", stage);
            case "fargate-profile:kube-system" -> steps.fargateProfiles().delete(spec, "kube-system", stage);
            case "cluster" -> steps.cluster().delete(spec, stage);
            case "kms-key" -> steps.secretsKey().delete(spec, stage);
            case "irsa-roles" -> steps.irsaRoles().delete(spec, stage);
            case "oidc-provider" -> steps.oidcProviders().delete(spec, stage);
            case "iam-roles" -> steps.iamRoles().delete(spec, stage);
            case "network" -> steps.network().delete(spec, stage);
            case "registry" -> registration.remove(spec, stage);
            default -> throw new InvalidStepInputException("unknown teardown stage '" + stage + "'; expected " + DeletionGuard.STAGE + " or one of " + STAGES);
        };
    }

    /**
     * The check teardown runs before it changes anything (not a stage of {@link #STAGES}): FAILED with the reason when the
     * cluster is protected and the input does not confirm its name.
     */
    private StepResult checkDeletionProtection(dev.nodeless.spec.ClusterSpec spec) {
        var cluster = steps.cluster().describeOwned(spec.clusterName());
        if (cluster == null) return StepResult.done(STEP, DeletionGuard.STAGE, StepResult.ABSENT, "cluster does not exist; nothing to protect", java.util.Map.of());
        String refusal = DeletionGuard.refusal(spec, cluster);
        if (refusal != null) return StepResult.failed(STEP, DeletionGuard.STAGE, refusal);
        return StepResult.done(STEP, DeletionGuard.STAGE, StepResult.UNCHANGED, spec.clusterName().equals(spec.confirmDeletion())
                ? "deletion confirmed by confirmDeletion" : "cluster is not protected", java.util.Map.of());
    }
}
