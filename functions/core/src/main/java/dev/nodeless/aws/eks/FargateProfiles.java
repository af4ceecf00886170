package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.network.Network;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.FargateProfile;
import software.amazon.awssdk.services.eks.model.FargateProfileSelector;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Step {@code ensureFargateProfile} (targets karpenter, kube-system) and teardown stages
 * {@code fargate-profile:<name>}. EKS runs one Fargate profile operation per cluster at a time and answers others
 * with {@code ResourceInUseException}; that becomes a {@link RetryableStepException}. Profiles are immutable, so a
 * profile that differs from the spec is reported, not recreated (recreating would evict the system pods).
 */
public final class FargateProfiles {

    public static final String STEP = "ensureFargateProfile";
    public static final List<String> TARGETS = List.of("karpenter", "kube-system");

    private final EksClient eks;
    private final Network network;
    private final AwsAccount account;

    private final ResourceTags resourceTags;

    public FargateProfiles(EksClient eks, Ec2Client ec2, AwsAccount account, ResourceTags resourceTags) {
        this.eks = eks;
        this.resourceTags = resourceTags;
        this.network = new Network(ec2, resourceTags);
        this.account = account;
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        String target = input.target();
        String name = profileName(spec, target);
        FargateProfile profile = describe(spec.clusterName(), name);
        boolean created = false;
        if (profile == null) {
            profile = create(spec, name, target);
            created = true;
        }
        return switch (profile.statusAsString()) {
            case "CREATING" -> StepResult.waiting(STEP, target, "Fargate profile " + name + " is CREATING", Map.of("profileName", name));
            case "ACTIVE" -> {
                List<String> drift = created ? List.of() : drift(spec, profile, target);
                yield StepResult.done(STEP, target, created ? StepResult.CREATED : StepResult.ACTIVE,
                        (created ? "created, ACTIVE" : "ACTIVE and matches")
                                + (drift.isEmpty() ? "" : "; drift not changed (profiles are immutable; delete it to recreate): " + String.join("; ", drift)),
                        Map.of("profileName", name, "profileArn", profile.fargateProfileArn()));
            }
            case "DELETING" -> StepResult.waiting(STEP, target, "Fargate profile " + name + " is being deleted; will recreate it", Map.of());
            default -> StepResult.failed(STEP, target, "Fargate profile " + name + " is " + profile.statusAsString()
                    + (profile.health() == null ? "" : ": " + profile.health().issues()));
        };
    }

    private FargateProfile create(ClusterSpec spec, String name, String target) {
        List<String> subnets = network.view(spec).privateSubnetIds();
        String role = account.roleArn(new ResourceNames(spec.clusterName()).fargatePodExecutionRole());
        try {
            return eks.createFargateProfile(r -> r.clusterName(spec.clusterName()).fargateProfileName(name)
                    .podExecutionRoleArn(role).subnets(subnets)
                    .selectors(FargateProfileSelector.builder().namespace(namespace(target)).build())
                    .tags(resourceTags.of(spec))).fargateProfile();
        } catch (ResourceInUseException e) {
            // Either another profile operation is running (EKS allows one at a time) or a racing call created it.
            FargateProfile now = describe(spec.clusterName(), name);
            if (now != null) return now;
            throw new RetryableStepException("creating Fargate profile " + name + ": EKS is busy with another profile operation", e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "creating Fargate profile " + name);
        }
    }

    private List<String> drift(ClusterSpec spec, FargateProfile p, String target) {
        List<String> drift = new ArrayList<>();
        List<String> namespaces = p.selectors().stream().map(FargateProfileSelector::namespace).toList();
        if (!namespaces.equals(List.of(namespace(target)))) drift.add("selects namespaces " + namespaces + ", expected [" + namespace(target) + "]");
        List<String> subnets = network.view(spec).privateSubnetIds();
        if (!new HashSet<>(subnets).equals(new HashSet<>(p.subnets()))) drift.add("subnets " + p.subnets() + ", expected private " + subnets);
        String role = account.roleArn(new ResourceNames(spec.clusterName()).fargatePodExecutionRole());
        if (!role.equals(p.podExecutionRoleArn())) drift.add("pod execution role " + p.podExecutionRoleArn() + ", expected " + role);
        return drift;
    }

    /** Deletes the profile named by {@code target} and loops until it is gone. */
    public StepResult delete(ClusterSpec spec, String target, String stage) {
        String name = profileName(spec, target);
        FargateProfile p = describe(spec.clusterName(), name);
        if (p == null) return StepResult.done("teardownStep", stage, StepResult.ABSENT, "Fargate profile " + name + " does not exist", Map.of());
        if (!"DELETING".equals(p.statusAsString())) {
            try {
                eks.deleteFargateProfile(r -> r.clusterName(spec.clusterName()).fargateProfileName(name));
            } catch (ResourceInUseException e) {
                throw new RetryableStepException("deleting Fargate profile " + name + ": EKS is busy with another profile operation", e);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw AwsErrors.classify(e, "deleting Fargate profile " + name);
            }
        }
        if (describe(spec.clusterName(), name) == null) {
            return StepResult.done("teardownStep", stage, StepResult.DELETED, "Fargate profile " + name + " deleted", Map.of());
        }
        return StepResult.waiting("teardownStep", stage, "Fargate profile " + name + " is DELETING", Map.of());
    }

    private static String profileName(ClusterSpec spec, String target) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        return switch (target == null ? "" : target) {
            case "karpenter" -> names.fargateProfileKarpenter();
            case "kube-system" -> names.fargateProfileKubeSystem();
            default -> throw new InvalidStepInputException("unknown Fargate profile target '" + target + "'; expected one of " + TARGETS);
        };
    }

    /** The namespace each profile selects: Karpenter's own, and kube-system (coredns, LBC, ExternalDNS). */
    private static String namespace(String target) {
        return "karpenter".equals(target) ? ResourceNames.KARPENTER_SA.namespace() : "kube-system";
    }

    private FargateProfile describe(String cluster, String name) {
        try {
            return eks.describeFargateProfile(r -> r.clusterName(cluster).fargateProfileName(name)).fargateProfile();
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "describing Fargate profile " + name);
        }
    }
}
