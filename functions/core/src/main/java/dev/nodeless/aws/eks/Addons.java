package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.ResolveConflicts;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Step {@code ensureAddon} (targets vpc-cni, kube-proxy, coredns, metrics-server, aws-ebs-csi-driver) and teardown stage
 * {@code addons}. The add-on version is left to EKS (its default for the cluster's Kubernetes version). coredns gets
 * {@code {"computeType":"Fargate"}}, which replaces the runbook's {@code kubectl patch} of the compute-type annotation.
 * aws-ebs-csi-driver runs its controller as {@code kube-system/ebs-csi-controller-sa} with the IRSA role
 * {@code nodeless-<c>-ebs-csi}. A configuration or role that differs is updated ({@code resolveConflicts=OVERWRITE}: the
 * add-on is ours). metrics-server and aws-ebs-csi-driver can be switched off in the spec; a switched-off one that exists
 * is deleted (desired state). Their controllers run on the kube-system Fargate profile like coredns; the EBS CSI node
 * DaemonSet runs on Karpenter's nodes only (DaemonSets do not run on Fargate, nor do EBS volumes attach there).
 */
public final class Addons {

    public static final String STEP = "ensureAddon";
    public static final String METRICS_SERVER = "metrics-server";
    public static final String EBS_CSI_DRIVER = "aws-ebs-csi-driver";
    public static final List<String> TARGETS = List.of("vpc-cni", "kube-proxy", "coredns", METRICS_SERVER, EBS_CSI_DRIVER);
    public static final String COREDNS_ON_FARGATE = "{\"computeType\":\"Fargate\"}";

    private final EksClient eks;
    private final AwsAccount account;
    private final ResourceTags resourceTags;

    public Addons(EksClient eks, AwsAccount account, ResourceTags resourceTags) {
        this.eks = eks;
        this.account = account;
        this.resourceTags = resourceTags;
    }

    /** Whether the spec wants the add-on (the three base ones always). */
    public static boolean wanted(ClusterSpec spec, String addon) {
        ClusterSpec.Addons a = spec.addons();
        return switch (addon) {
            case METRICS_SERVER -> a == null || a.metricsServer() == null || !Boolean.FALSE.equals(a.metricsServer().enabled());
            case EBS_CSI_DRIVER -> a == null || a.ebsCsiDriver() == null || !Boolean.FALSE.equals(a.ebsCsiDriver().enabled());
            default -> true;
        };
    }

    /** The IRSA role the add-on's service account uses, or {@code null}. */
    String serviceAccountRole(ClusterSpec spec, String addon) {
        return EBS_CSI_DRIVER.equals(addon) ? account.roleArn(new ResourceNames(spec.clusterName()).ebsCsiDriverRole()) : null;
    }

    /** The configuration values each add-on must have (pure). */
    public static String configurationFor(String addon) {
        if (!TARGETS.contains(addon)) throw new InvalidStepInputException("unknown add-on target '" + addon + "'; expected one of " + TARGETS);
        return "coredns".equals(addon) ? COREDNS_ON_FARGATE : null;
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        String name = input.target();
        String wanted = configurationFor(name);
        String role = serviceAccountRole(spec, name);
        String doing = "ensuring add-on " + name + " on " + spec.clusterName();
        return AwsErrors.call(doing, () -> {
            Addon addon = describe(spec.clusterName(), name);
            if (!wanted(spec, name)) return switchedOff(spec, name, addon);
            if (addon == null) {
                addon = eks.createAddon(r -> r.clusterName(spec.clusterName()).addonName(name).resolveConflicts(ResolveConflicts.OVERWRITE)
                        .configurationValues(wanted).serviceAccountRoleArn(role).tags(resourceTags.of(spec))).addon();
                return status(addon, true, "created");
            }
            String status = addon.statusAsString();
            if (("ACTIVE".equals(status) || "DEGRADED".equals(status)) && role != null && !role.equals(addon.serviceAccountRoleArn())) {
                String was = addon.serviceAccountRoleArn();
                eks.updateAddon(r -> r.clusterName(spec.clusterName()).addonName(name).resolveConflicts(ResolveConflicts.OVERWRITE)
                        .serviceAccountRoleArn(role));
                return StepResult.waiting(STEP, name, "service account role was " + was + ", set to " + role, details(addon));
            }
            if ("ACTIVE".equals(status) || "DEGRADED".equals(status)) {
                if (!sameConfiguration(wanted, addon.configurationValues())) {
                    String was = addon.configurationValues();
                    eks.updateAddon(r -> r.clusterName(spec.clusterName()).addonName(name).resolveConflicts(ResolveConflicts.OVERWRITE)
                            .configurationValues(wanted == null ? "" : wanted));
                    Addon now = describe(spec.clusterName(), name);
                    return "ACTIVE".equals(now.statusAsString())
                            ? StepResult.done(STEP, name, StepResult.UPDATED, "configuration was " + was + ", set to " + wanted, details(now))
                            : StepResult.waiting(STEP, name, "updating configuration (was " + was + ")", details(now));
                }
            }
            return status(addon, false, "exists");
        });
    }

    /** A switched-off add-on: deleted if it exists (our cluster, so ours), until gone. */
    private StepResult switchedOff(ClusterSpec spec, String name, Addon addon) {
        String why = "ignored because " + name + " is switched off in the spec (addons." + (METRICS_SERVER.equals(name) ? "metricsServer" : "ebsCsiDriver")
                + ".enabled=false)";
        if (addon == null) return StepResult.done(STEP, name, StepResult.ABSENT, why, Map.of());
        if (!"DELETING".equals(addon.statusAsString())) eks.deleteAddon(r -> r.clusterName(spec.clusterName()).addonName(name));
        return describe(spec.clusterName(), name) == null
                ? StepResult.done(STEP, name, StepResult.DELETED, why + "; deleted it", Map.of())
                : StepResult.waiting(STEP, name, why + "; deleting it", Map.of());
    }

    private StepResult status(Addon addon, boolean created, String what) {
        String name = addon.addonName();
        return switch (addon.statusAsString()) {
            case "ACTIVE" -> StepResult.done(STEP, name, created ? StepResult.CREATED : StepResult.ACTIVE,
                    created ? "created, ACTIVE" : "ACTIVE and matches", details(addon));
            case "CREATING", "UPDATING" -> StepResult.waiting(STEP, name, what + ", " + addon.statusAsString(), details(addon));
            // coredns reports DEGRADED until its pods are scheduled on Fargate; keep waiting (the state machine caps the loop).
            case "DEGRADED" -> StepResult.waiting(STEP, name, "DEGRADED: " + issues(addon), details(addon));
            case "DELETING" -> StepResult.waiting(STEP, name, "being deleted; will recreate it", details(addon));
            default -> StepResult.failed(STEP, name, "add-on " + name + " is " + addon.statusAsString() + ": " + issues(addon));
        };
    }

    public StepResult delete(ClusterSpec spec, String stage) {
        if (ClusterStep.describe(eks, spec.clusterName()) == null) {
            return StepResult.done("teardownStep", stage, StepResult.ABSENT, "cluster does not exist, so neither do its add-ons", Map.of());
        }
        return AwsErrors.call("deleting the add-ons of " + spec.clusterName(), () -> {
            List<String> deleted = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            for (String name : TARGETS) {
                Addon a = describe(spec.clusterName(), name);
                if (a == null) continue;
                if (!"DELETING".equals(a.statusAsString())) {
                    eks.deleteAddon(r -> r.clusterName(spec.clusterName()).addonName(name));
                    deleted.add(name);
                }
                if (describe(spec.clusterName(), name) != null) pending.add(name);
            }
            if (!pending.isEmpty()) return StepResult.waiting("teardownStep", stage, "add-ons still deleting: " + pending, Map.of());
            return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    deleted.isEmpty() ? "no add-on installed" : "deleted " + deleted, Map.of());
        });
    }

    private Addon describe(String cluster, String name) {
        try {
            return eks.describeAddon(r -> r.clusterName(cluster).addonName(name)).addon();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static boolean sameConfiguration(String wanted, String actual) {
        boolean wantedEmpty = wanted == null || wanted.isBlank();
        boolean actualEmpty = actual == null || actual.isBlank();
        if (wantedEmpty || actualEmpty) return wantedEmpty == actualEmpty;
        return Json.read(wanted).equals(Json.read(actual));
    }

    private static String issues(Addon a) {
        return a.health() == null || a.health().issues().isEmpty() ? "no health issues reported" : a.health().issues().toString();
    }

    private static Map<String, String> details(Addon a) {
        return Map.of("addon", a.addonName(), "version", a.addonVersion() == null ? "" : a.addonVersion());
    }
}
