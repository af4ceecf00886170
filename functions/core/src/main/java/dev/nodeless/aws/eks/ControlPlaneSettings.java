package dev.nodeless.aws.eks;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecDefaults;
import dev.nodeless.spec.SpecValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.LogSetup;
import software.amazon.awssdk.services.eks.model.Logging;
import software.amazon.awssdk.services.eks.model.UpdateClusterConfigRequest;

/**
 * The control-plane settings the spec asks for (logging, upgrade policy, EKS deletion protection), as CreateCluster
 * values and as the UpdateClusterConfig changes that bring a live cluster to them. Pure: no AWS call. EKS takes one kind
 * of setting per UpdateClusterConfig and one update at a time, so {@link #changes} lists them and the step applies the
 * first, then waits for the cluster to be ACTIVE again before the next.
 */
public final class ControlPlaneSettings {

    /** One UpdateClusterConfig that moves a setting from {@code was} to {@code wanted}. */
    public record Change(String setting, String was, String wanted, Consumer<UpdateClusterConfigRequest.Builder> request) {
        public String describe() { return setting + " was " + was + ", spec asks " + wanted; }
    }

    private ControlPlaneSettings() {}

    /** Enabled log types of the spec (the defaults when the spec predates the field). */
    public static List<String> logTypes(ClusterSpec spec) {
        return spec.logging() == null || spec.logging().types() == null ? SpecDefaults.LOG_TYPES : spec.logging().types();
    }

    /** All five log types, the wanted ones enabled and the others disabled, so the request states the whole setting. */
    public static Logging logging(ClusterSpec spec) {
        List<String> on = logTypes(spec);
        List<String> off = SpecValidator.LOG_TYPES.stream().filter(t -> !on.contains(t)).toList();
        List<LogSetup> setups = new ArrayList<>();
        if (!on.isEmpty()) setups.add(LogSetup.builder().typesWithStrings(on).enabled(true).build());
        if (!off.isEmpty()) setups.add(LogSetup.builder().typesWithStrings(off).enabled(false).build());
        return Logging.builder().clusterLogging(setups).build();
    }

    public static String supportType(ClusterSpec spec) {
        return spec.upgradePolicy() == null || spec.upgradePolicy().supportType() == null ? SpecDefaults.SUPPORT_TYPE : spec.upgradePolicy().supportType();
    }

    public static boolean deletionProtection(ClusterSpec spec) {
        return spec.deletionProtection() == null ? SpecDefaults.DELETION_PROTECTION : spec.deletionProtection();
    }

    /** Whether the spec asks for envelope encryption of Secrets at all (a given key, or one created: the default). */
    public static boolean encrypts(ClusterSpec spec) {
        ClusterSpec.Encryption e = spec.encryption();
        return e == null || e.kmsKeyArn() != null || !Boolean.FALSE.equals(e.createKey());
    }

    /** The spec's own key, or {@code null} when the cluster's key is created (or there is none). */
    public static String givenKey(ClusterSpec spec) {
        return spec.encryption() == null ? null : spec.encryption().kmsKeyArn();
    }

    /** The log types a cluster has enabled (none when it reports no logging). */
    public static Set<String> enabledLogTypes(Cluster c) {
        Set<String> on = new TreeSet<>();
        if (c.logging() == null) return on;
        for (LogSetup s : c.logging().clusterLogging()) {
            if (Boolean.TRUE.equals(s.enabled())) s.typesAsStrings().forEach(on::add);
        }
        return on;
    }

    /** What differs between the live cluster and the spec, in the order they are applied. */
    public static List<Change> changes(ClusterSpec spec, Cluster c) {
        List<Change> changes = new ArrayList<>();
        Set<String> wantedLogs = new TreeSet<>(logTypes(spec));
        Set<String> liveLogs = enabledLogTypes(c);
        if (!wantedLogs.equals(liveLogs)) {
            changes.add(new Change("logging", liveLogs.toString(), wantedLogs.toString(), r -> r.logging(logging(spec))));
        }
        String support = supportType(spec);
        String liveSupport = c.upgradePolicy() == null ? null : c.upgradePolicy().supportTypeAsString();
        if (!support.equals(liveSupport)) {
            changes.add(new Change("upgradePolicy.supportType", String.valueOf(liveSupport), support, r -> r.upgradePolicy(u -> u.supportType(support))));
        }
        boolean protect = deletionProtection(spec);
        boolean liveProtect = Boolean.TRUE.equals(c.deletionProtection());
        if (protect != liveProtect) {
            changes.add(new Change("deletionProtection", String.valueOf(liveProtect), String.valueOf(protect), r -> r.deletionProtection(protect)));
        }
        return changes;
    }
}
