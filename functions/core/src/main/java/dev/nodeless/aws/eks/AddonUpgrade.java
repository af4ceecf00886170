package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.AddonVersionInfo;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResolveConflicts;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Step {@code upgradeAddons} (target: the Kubernetes version the control plane just reached): moves every add-on
 * Nodeless installs ({@link Addons#TARGETS}) to EKS's default version for that Kubernetes version
 * (DescribeAddonVersions, the version whose compatibility for it says {@code defaultVersion}), one UpdateAddon each,
 * then done=false until all are ACTIVE at it. An add-on already at its default is left alone, so a re-run changes
 * nothing; an absent one is left to {@code ensureAddon}, which creates it at EKS's default later in the run.
 */
public final class AddonUpgrade {

    public static final String STEP = "upgradeAddons";

    private final EksClient eks;
    private final ClusterStep clusters;

    public AddonUpgrade(EksClient eks, ClusterStep clusters) {
        this.eks = eks;
        this.clusters = clusters;
    }

    public StepResult ensure(StepInput input) {
        String version = input.target();
        String name = input.spec().clusterName();
        Cluster cluster = clusters.describeOwned(name);
        if (cluster == null || !version.equals(cluster.version())) {
            throw new InvalidStepInputException(STEP + " " + version + ": cluster " + name + " is at "
                    + (cluster == null ? "nothing (absent)" : cluster.version()) + "; upgradeControlPlane moves it to " + version + " first");
        }
        return AwsErrors.call("moving the add-ons of " + name + " to their defaults for " + version, () -> {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("version", version);
            List<String> updated = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            for (String addonName : Addons.TARGETS) {
                Addon addon = describe(name, addonName);
                if (addon == null) {
                    details.put(addonName, "absent");
                    continue;
                }
                String wanted = defaultVersion(addonName, version);
                details.put(addonName, wanted);
                boolean at = wanted.equals(addon.addonVersion());
                if (at && "ACTIVE".equals(addon.statusAsString())) continue;
                if (!at && !"UPDATING".equals(addon.statusAsString()) && !"CREATING".equals(addon.statusAsString())) {
                    eks.updateAddon(r -> r.clusterName(name).addonName(addonName).addonVersion(wanted).resolveConflicts(ResolveConflicts.OVERWRITE));
                    updated.add(addonName + " " + addon.addonVersion() + " -> " + wanted);
                } else {
                    pending.add(addonName + " " + addon.statusAsString());
                }
            }
            if (!updated.isEmpty() || !pending.isEmpty()) {
                List<String> all = new ArrayList<>(updated);
                all.addAll(pending);
                return StepResult.waiting(STEP, version, "updating " + all, details);
            }
            return StepResult.done(STEP, version, StepResult.ACTIVE, "add-ons at their defaults for " + version, details);
        });
    }

    /** EKS's default version of {@code addon} for Kubernetes {@code version}. */
    String defaultVersion(String addon, String version) {
        List<AddonVersionInfo> versions = eks.describeAddonVersions(r -> r.addonName(addon).kubernetesVersion(version)).addons().stream()
                .flatMap(a -> a.addonVersions().stream()).toList();
        return versions.stream()
                .filter(v -> v.compatibilities().stream().anyMatch(c -> version.equals(c.clusterVersion()) && Boolean.TRUE.equals(c.defaultVersion())))
                .map(AddonVersionInfo::addonVersion).findFirst()
                .orElseThrow(() -> new InvalidStepInputException("EKS names no default version of add-on " + addon + " for Kubernetes " + version
                        + " (DescribeAddonVersions listed " + versions.size() + " version(s))"));
    }

    private Addon describe(String cluster, String addon) {
        try {
            return eks.describeAddon(r -> r.clusterName(cluster).addonName(addon)).addon();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }
}
