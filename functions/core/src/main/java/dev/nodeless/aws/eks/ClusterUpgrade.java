package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.upgrade.KarpenterCompatibility;
import dev.nodeless.upgrade.UpgradePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Category;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.Insight;
import software.amazon.awssdk.services.eks.model.InsightStatusValue;
import software.amazon.awssdk.services.eks.model.InsightSummary;
import software.amazon.awssdk.services.eks.model.ListInsightsResponse;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.Update;
import software.amazon.awssdk.services.eks.model.UpdateParamType;
import software.amazon.awssdk.services.eks.model.UpdateType;

/**
 * The control-plane half of an in-place upgrade, one minor version per step (EKS moves one minor per update):
 * <ol>
 *   <li>{@code planUpgrade}: reads the cluster's version (DescribeCluster) and answers the next version to update to,
 *       or FAILED before anything changes when the move is refused ({@link UpgradePath#refusal}) or the Karpenter the
 *       cluster runs cannot run on a version of the path ({@link KarpenterCompatibility}). The state machine calls it
 *       before the first change and again at the head of every turn of its version loop, so the loop always follows
 *       the live cluster and a redriven or re-run execution resumes where the cluster is.</li>
 *   <li>{@code preflightUpgrade} (target: the version): EKS upgrade insights (ListInsights, category UPGRADE_READINESS,
 *       for that version); an ERROR finding stops the upgrade with the finding's text (DescribeInsight).</li>
 *   <li>{@code upgradeControlPlane} (target: the version): UpdateClusterVersion once, then done=false until the update
 *       is Successful (DescribeUpdate); a Failed or Cancelled update fails the step with the update's errors.</li>
 * </ol>
 * The add-ons follow in {@link AddonUpgrade}.
 */
public final class ClusterUpgrade {

    public static final String PLAN = "planUpgrade";
    public static final String PREFLIGHT = "preflightUpgrade";
    public static final String CONTROL_PLANE = "upgradeControlPlane";
    public static final String PLANNED = "PLANNED";

    private final EksClient eks;
    private final ClusterStep clusters;

    public ClusterUpgrade(EksClient eks, ClusterStep clusters) {
        this.eks = eks;
        this.clusters = clusters;
    }

    /** @param runningKarpenter the Karpenter version the cluster runs (the registry's last good spec), null if unknown */
    public StepResult plan(StepInput input, String runningKarpenter) {
        ClusterSpec spec = input.spec();
        Cluster cluster = clusters.describeOwned(spec.clusterName());
        String current = cluster == null ? null : cluster.version();
        Optional<String> refused = UpgradePath.refusal(current, spec.kubernetesVersion());
        if (refused.isPresent()) return StepResult.failed(PLAN, null, refused.get());
        UpgradePath path = UpgradePath.between(current, spec.kubernetesVersion());
        if (runningKarpenter != null) {
            for (String step : path.steps()) {
                Optional<String> problem = KarpenterCompatibility.problem(runningKarpenter, step);
                if (problem.isPresent()) return StepResult.failed(PLAN, null, "the cluster runs " + problem.get());
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("current", current == null ? "" : current);
        details.put("target", spec.kubernetesVersion());
        details.put("next", path.next() == null ? "" : path.next());
        details.put("path", String.join(",", path.steps()));
        String reason = cluster == null ? "no cluster yet: it is created at " + spec.kubernetesVersion()
                : path.steps().isEmpty() ? "the control plane is at " + current
                : "upgrade " + current + " -> " + String.join(" -> ", path.steps()) + "; next " + path.next();
        return StepResult.done(PLAN, null, path.steps().isEmpty() ? StepResult.UNCHANGED : PLANNED, reason, details);
    }

    public StepResult preflight(StepInput input, String runningKarpenter) {
        String version = input.target();
        String name = input.spec().clusterName();
        Cluster cluster = requireCluster(PREFLIGHT, name, version);
        if (version.equals(cluster.version())) {
            return StepResult.done(PREFLIGHT, version, StepResult.UNCHANGED, "the control plane is already at " + version, Map.of("version", version));
        }
        if (runningKarpenter != null) {
            Optional<String> problem = KarpenterCompatibility.problem(runningKarpenter, version);
            if (problem.isPresent()) return StepResult.failed(PREFLIGHT, version, "the cluster runs " + problem.get());
        }
        List<InsightSummary> insights = upgradeInsights(name, version);
        List<String> blocking = new ArrayList<>();
        int warnings = 0;
        for (InsightSummary s : insights) {
            InsightStatusValue status = s.insightStatus() == null ? null : s.insightStatus().status();
            if (status == InsightStatusValue.ERROR) blocking.add(describe(name, s.id()));
            if (status == InsightStatusValue.WARNING) warnings++;
        }
        if (!blocking.isEmpty()) {
            return StepResult.failed(PREFLIGHT, version, "EKS upgrade insights block the move to " + version + ": " + String.join("; ", blocking));
        }
        return StepResult.done(PREFLIGHT, version, StepResult.ACTIVE, "no blocking upgrade insight for " + version + " (" + insights.size()
                + " checked, " + warnings + " warning(s))" + (runningKarpenter == null ? "" : "; Karpenter " + runningKarpenter + " supports it"),
                Map.of("version", version, "insights", String.valueOf(insights.size()), "warnings", String.valueOf(warnings)));
    }

    public StepResult controlPlane(StepInput input) {
        String version = input.target();
        String name = input.spec().clusterName();
        Cluster cluster = requireCluster(CONTROL_PLANE, name, version);
        String status = cluster.statusAsString();
        if (version.equals(cluster.version()) && "ACTIVE".equals(status)) {
            return StepResult.done(CONTROL_PLANE, version, StepResult.UPDATED, "the control plane is at " + version, Map.of("version", version));
        }
        Optional<Update> update = versionUpdate(name, version);
        if (update.isPresent()) {
            Update u = update.get();
            switch (u.statusAsString()) {
                case "Failed", "Cancelled":
                    if ("ACTIVE".equals(status) && !version.equals(cluster.version()) && !sameRun(input, u)) break; // an earlier run's failure: try again
                    return StepResult.failed(CONTROL_PLANE, version, "EKS update " + u.id() + " to " + version + " is " + u.statusAsString() + ": "
                            + errors(u));
                case "InProgress":
                    return StepResult.waiting(CONTROL_PLANE, version, "update " + u.id() + " to " + version + " is InProgress", details(version, u));
                default: // Successful: the cluster reports the new version once it is ACTIVE again
                    return StepResult.waiting(CONTROL_PLANE, version, "update " + u.id() + " is " + u.statusAsString() + ", cluster " + status,
                            details(version, u));
            }
        }
        if (!"ACTIVE".equals(status)) {
            return StepResult.waiting(CONTROL_PLANE, version, "cluster is " + status + "; updating to " + version + " once it is ACTIVE", Map.of("version", version));
        }
        int from = UpgradePath.minor(cluster.version());
        if (UpgradePath.minor(version) != from + 1) {
            return StepResult.failed(CONTROL_PLANE, version, "the control plane is at " + cluster.version() + "; EKS moves one minor version per "
                    + "update, so " + version + " is not the next step (planUpgrade gives it)");
        }
        try {
            Update started = eks.updateClusterVersion(r -> r.name(name).version(version)).update();
            return StepResult.waiting(CONTROL_PLANE, version, "started update " + started.id() + ": " + cluster.version() + " -> " + version,
                    details(version, started));
        } catch (ResourceInUseException e) {
            return StepResult.waiting(CONTROL_PLANE, version, "another update of " + name + " is in progress: " + e.awsErrorDetails().errorMessage(),
                    Map.of("version", version));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "updating cluster " + name + " to " + version);
        }
    }

    private Cluster requireCluster(String step, String name, String version) {
        Cluster cluster = clusters.describeOwned(name);
        if (cluster == null) throw new dev.nodeless.aws.InvalidStepInputException(step + " " + version + ": cluster " + name + " does not exist");
        return cluster;
    }

    private List<InsightSummary> upgradeInsights(String name, String version) {
        return AwsErrors.call("listing the upgrade insights of " + name, () -> {
            List<InsightSummary> all = new ArrayList<>();
            String token = null;
            do {
                String page = token;
                ListInsightsResponse r = eks.listInsights(b -> b.clusterName(name).nextToken(page)
                        .filter(f -> f.categories(Category.UPGRADE_READINESS).kubernetesVersions(version)));
                all.addAll(r.insights());
                token = r.nextToken();
            } while (token != null);
            return all;
        });
    }

    private String describe(String name, String id) {
        Insight i = AwsErrors.call("describing upgrade insight " + id, () -> eks.describeInsight(b -> b.clusterName(name).id(id)).insight());
        StringBuilder text = new StringBuilder(i.name()).append(": ").append(i.insightStatus().reason());
        if (i.recommendation() != null && !i.recommendation().isBlank()) text.append(" Recommendation: ").append(i.recommendation());
        return text.toString();
    }

    /** The newest version update of the cluster to {@code version}, if EKS lists one. */
    private Optional<Update> versionUpdate(String name, String version) {
        return AwsErrors.call("listing the updates of cluster " + name, () -> {
            Update newest = null;
            for (String id : eks.listUpdates(r -> r.name(name)).updateIds()) {
                Update u = eks.describeUpdate(r -> r.name(name).updateId(id)).update();
                if (u.type() != UpdateType.VERSION_UPDATE || !version.equals(param(u))) continue;
                if (newest == null || (u.createdAt() != null && newest.createdAt() != null && u.createdAt().isAfter(newest.createdAt()))) newest = u;
            }
            return Optional.ofNullable(newest);
        });
    }

    /** Whether {@code u} is the update this execution started (its id is in the previous poll's output). */
    @SuppressWarnings("unchecked")
    private static boolean sameRun(StepInput input, Update u) {
        if (input.outputs() == null || !(input.outputs().get(CONTROL_PLANE) instanceof Map<?, ?> previous)) return false;
        Object details = previous.get("details");
        return details instanceof Map<?, ?> d && u.id().equals(((Map<String, Object>) d).get("updateId"));
    }

    private static String param(Update u) {
        return u.params().stream().filter(p -> p.type() == UpdateParamType.VERSION).map(p -> p.value()).findFirst().orElse(null);
    }

    private static String errors(Update u) {
        if (u.errors().isEmpty()) return "EKS reported no error detail";
        return String.join("; ", u.errors().stream().map(e -> e.errorCodeAsString() + ": " + e.errorMessage()).toList());
    }

    private static Map<String, String> details(String version, Update u) {
        return Map.of("version", version, "updateId", u.id(), "updateStatus", u.statusAsString());
    }
}
