package dev.nodeless.adopt;

import dev.nodeless.aws.Json;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.AdoptionAccess;
import dev.nodeless.aws.eks.ClusterStep;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ClusterRegistry;
import dev.nodeless.cluster.SpecHash;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * The AWS side of adopt-cluster (step {@value #STEP}): everything but the Kubernetes objects. Targets:
 * <ol>
 *   <li>{@code check}: the input is valid; the cluster exists in the stack's region, is ACTIVE (or UPDATING), was not
 *       created by this stack and is not registered by the bootstrap; Nodeless's roles can reach it (access entries,
 *       created only with {@code grantAccess}); reports Auto Mode ({@code computeConfig.enabled});</li>
 *   <li>{@code record}: registers it ACTIVE with the {@link ClusterRecord#ADOPTION_OUTPUT} output, so maintenance and the
 *       reconcile serve it and the bootstrap and teardown-cluster refuse it;</li>
 *   <li>{@code release}: refuses a cluster the bootstrap made; marks the record {@link ClusterRecord#RELEASING} (maintenance
 *       stops at once) and says whether the adoption role can still reach the cluster;</li>
 *   <li>{@code finish}: deletes the access entries adopt created, then the record.</li>
 * </ol>
 * A refusal is a FAILED result naming what is missing; nothing is changed before the check passes. Every target is
 * idempotent: a second run finds what the first did and reports UNCHANGED or ABSENT.
 */
public final class Adoption {

    public static final String STEP = "adoptCluster";

    private final EksClient eks;
    private final ClusterRegistry registry;
    private final ResourceTags tags;
    private final AdoptionAccess access;
    private final String region;
    private final Clock clock;

    public Adoption(EksClient eks, ClusterRegistry registry, ResourceTags tags, AdoptionAccess access, String region, Clock clock) {
        this.eks = eks;
        this.registry = registry;
        this.tags = tags;
        this.access = access;
        this.region = region;
        this.clock = clock;
    }

    public StepResult run(String target, Map<String, Object> rawRequest, Map<String, Object> outputs) {
        AdoptionRequest request;
        try {
            request = AdoptionRequest.read(rawRequest);
        } catch (InvalidSpecException e) {
            return StepResult.failed(STEP, target, "invalid adopt-cluster input (" + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + "), nothing was changed: " + String.join("; ", e.problems()));
        }
        return switch (target == null ? "" : target) {
            case "check" -> request.release() ? StepResult.failed(STEP, target, "check is adopt's first target; release starts with 'release'")
                    : check(request);
            case "record" -> record(request, outputs);
            case "release" -> release(request);
            case "finish" -> finish(request);
            default -> StepResult.failed(STEP, target, "target must be check, record, release or finish, was '" + target + "'");
        };
    }

    StepResult check(AdoptionRequest r) {
        String name = r.clusterName();
        Cluster c = ClusterStep.describe(eks, name);
        if (c == null) {
            return StepResult.failed(STEP, "check", "cluster " + name + " not found in " + region + " (the stack's region; adopt-cluster "
                    + "adopts clusters of its own region only); nothing was changed");
        }
        if (tags.owns(c.tags())) {
            return StepResult.failed(STEP, "check", "cluster " + name + " was created by this Nodeless stack and is managed by the bootstrap "
                    + "already; adopt is for clusters Nodeless did not create. Nothing was changed");
        }
        Optional<ClusterRecord> record = registry.find(name);
        if (record.isPresent() && !record.get().adopted()) {
            return StepResult.failed(STEP, "check", "cluster " + name + " is already managed by Nodeless (registry status "
                    + record.get().status() + ", written by the bootstrap or teardown-cluster); a name can be registered once. Nothing was changed");
        }
        if (record.filter(x -> ClusterRecord.RELEASING.equals(x.status())).isPresent()) {
            return StepResult.failed(STEP, "check", "cluster " + name + " is being released (status RELEASING); run release again to finish it, "
                    + "then adopt. Nothing was changed");
        }
        String status = c.statusAsString();
        if (!"ACTIVE".equals(status) && !"UPDATING".equals(status)) {
            return StepResult.failed(STEP, "check", "cluster " + name + " is " + status + "; adopt needs an ACTIVE cluster. Nothing was changed");
        }
        String mode = c.accessConfig() == null ? null : c.accessConfig().authenticationModeAsString();
        if ("CONFIG_MAP".equals(mode)) {
            return StepResult.failed(STEP, "check", "cluster " + name + " authenticates only through the aws-auth ConfigMap (authenticationMode "
                    + "CONFIG_MAP), which Nodeless does not edit; switch it to API_AND_CONFIG_MAP (aws eks update-cluster-config --name " + name
                    + " --access-config authenticationMode=API_AND_CONFIG_MAP) so access entries work. Nothing was changed");
        }
        AdoptionAccess.Outcome outcome = access.ensure(name, r.grantAccess());
        if (!outcome.complete()) return StepResult.failed(STEP, "check", refusal(name, outcome));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("clusterName", name);
        details.put("region", region);
        details.put("kubernetesVersion", String.valueOf(c.version()));
        details.put("autoMode", Boolean.toString(autoMode(c)));
        details.put("accessEntriesCreated", String.join(",", outcome.created()));
        details.put("accessEntriesFound", String.join(",", outcome.found()));
        if (!outcome.notes().isEmpty()) details.put("notes", String.join("; ", outcome.notes()));
        String why = outcome.created().isEmpty() ? "every Nodeless role has an access entry" : "created access entries " + outcome.created();
        return StepResult.done(STEP, "check", outcome.created().isEmpty() ? StepResult.UNCHANGED : StepResult.CREATED,
                "cluster " + name + " can be adopted: " + why, details);
    }

    /** EKS Auto Mode: AWS runs Karpenter and manages the nodes (DescribeCluster computeConfig.enabled). */
    static boolean autoMode(Cluster c) {
        return c.computeConfig() != null && Boolean.TRUE.equals(c.computeConfig().enabled());
    }

    private String refusal(String name, AdoptionAccess.Outcome o) {
        StringBuilder s = new StringBuilder("Nodeless's roles cannot reach cluster " + name + ":");
        for (String arn : o.missing()) s.append(" no access entry for ").append(arn).append(" (").append(needs(arn)).append(");");
        for (String w : o.wrong()) s.append(" ").append(w).append(" (not changed: it is not Nodeless's);");
        if (!o.missing().isEmpty()) {
            s.append(" Start the execution again with \"grantAccess\": true (Nodeless creates the missing entries, tagged ")
                    .append(AdoptionAccess.ADOPTED_TAG).append(", and release removes exactly those), or create them yourself (docs/adopt.md)");
        }
        return s.append(". Nothing was changed").toString();
    }

    private String needs(String arn) {
        for (var d : access.desired()) {
            if (!d.principalArn().equals(arn)) continue;
            return d.policyArns().isEmpty() ? "STANDARD, Kubernetes group " + String.join(",", d.kubernetesGroups())
                    : "STANDARD, access policy " + String.join(",", d.policyArns()) + " on cluster scope";
        }
        return "";
    }

    StepResult record(AdoptionRequest r, Map<String, Object> outputs) {
        Map<String, String> found = new LinkedHashMap<>(details(outputs, "check"));
        found.putAll(details(outputs, "install"));
        if (!found.containsKey("kubernetesVersion") || !found.containsKey("backend")) {
            return StepResult.failed(STEP, "record", "record needs the details of check and install in outputs; nothing was changed");
        }
        Optional<ClusterRecord> existing = registry.find(r.clusterName());
        if (existing.isPresent() && !existing.get().adopted()) {
            return StepResult.failed(STEP, "record", "cluster " + r.clusterName() + " was registered by the bootstrap in between; not overwritten");
        }
        // What the cluster is, not what this run did (which entries or objects it created): a re-run records the same.
        // Release finds what adopt made by its tags and labels, not from here.
        found.keySet().removeAll(List.of("clusterName", "region", "accessEntriesCreated", "accessEntriesFound", "notes", "created", "configured"));
        ClusterSpec spec = r.spec(region, found.get("kubernetesVersion"), found.get("karpenterVersion"));
        Map<String, String> recordOutputs = new LinkedHashMap<>(existing.map(ClusterRecord::outputs).orElse(Map.of()));
        Map<String, String> adoption = new LinkedHashMap<>(found);
        adoption.put("adoptedAt", existing.flatMap(x -> Optional.ofNullable(adoptedAt(x))).orElse(clock.instant().toString()));
        recordOutputs.put(ClusterRecord.ADOPTION_OUTPUT, Json.write(adoption));
        String hash = SpecHash.of(spec);
        if (existing.isPresent() && existing.get().live() && hash.equals(existing.get().specHash())
                && recordOutputs.equals(existing.get().outputs())) {
            return StepResult.done(STEP, "record", StepResult.UNCHANGED, "registry already holds cluster " + r.clusterName() + " as adopted",
                    Map.of("status", ClusterRecord.ACTIVE));
        }
        Instant now = clock.instant();
        registry.put(new ClusterRecord(r.clusterName(), ClusterRecord.ACTIVE, region, hash, spec, existing.map(ClusterRecord::createdAt).orElse(now),
                now, recordOutputs, null, null, existing.map(ClusterRecord::pause).orElse(null)));
        return StepResult.done(STEP, "record", existing.isPresent() ? StepResult.UPDATED : StepResult.CREATED,
                "cluster " + r.clusterName() + " registered as adopted: maintenance and the reconcile serve it from now on", Map.of("status", ClusterRecord.ACTIVE));
    }

    StepResult release(AdoptionRequest r) {
        String name = r.clusterName();
        Optional<ClusterRecord> record = registry.find(name);
        if (record.isPresent() && !record.get().adopted()) {
            return StepResult.failed(STEP, "release", "cluster " + name + " was created by the bootstrap (registry status " + record.get().status()
                    + "), not adopted; teardown-cluster removes it. Nothing was changed");
        }
        Cluster c = ClusterStep.describe(eks, name);
        if (c != null && tags.owns(c.tags())) {
            return StepResult.failed(STEP, "release", "cluster " + name + " was created by this Nodeless stack; teardown-cluster removes it. Nothing was changed");
        }
        if (record.isPresent() && !ClusterRecord.RELEASING.equals(record.get().status())) {
            ClusterRecord x = record.get();
            registry.put(new ClusterRecord(x.clusterName(), ClusterRecord.RELEASING, x.region(), x.specHash(), x.spec(), x.createdAt(),
                    clock.instant(), x.outputs(), x.lastError(), x.lastFailedExecution(), x.pause()));
        }
        boolean exists = c != null && ("ACTIVE".equals(c.statusAsString()) || "UPDATING".equals(c.statusAsString()));
        boolean reachable = exists && access.adoptionRoleHasEntry(name);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("clusterExists", Boolean.toString(c != null));
        details.put("uninstall", Boolean.toString(reachable));
        String why = c == null ? "cluster " + name + " no longer exists: only the registry entry is left to remove"
                : !reachable ? "the adoption role has no access entry on " + name + " (or the cluster is " + c.statusAsString()
                        + "): objects adopt installed there, if any, stay; find them with kubectl get all,priorityclass,clusterrole -A -l "
                        + "app.kubernetes.io/managed-by=nodeless"
                : "maintenance of " + name + " stopped; adopt's objects are removed next";
        return StepResult.done(STEP, "release", record.isPresent() ? StepResult.UPDATED : StepResult.ABSENT, why, details);
    }

    StepResult finish(AdoptionRequest r) {
        String name = r.clusterName();
        List<String> revoked = ClusterStep.describe(eks, name) == null ? List.of() : access.revoke(name);
        Optional<ClusterRecord> record = registry.find(name);
        if (record.isPresent() && !record.get().adopted()) {
            return StepResult.failed(STEP, "finish", "cluster " + name + " is registered by the bootstrap; its record is not removed");
        }
        boolean deleted = record.isPresent() && registry.delete(name);
        String status = revoked.isEmpty() && !deleted ? StepResult.ABSENT : StepResult.DELETED;
        return StepResult.done(STEP, "finish", status, "released " + name + ": removed " + (revoked.isEmpty() ? "no access entry" : "access entries " + revoked)
                + (deleted ? " and the registry entry" : "; no registry entry"), Map.of("accessEntriesRemoved", String.join(",", revoked)));
    }

    private static String adoptedAt(ClusterRecord r) {
        String json = r.outputs().get(ClusterRecord.ADOPTION_OUTPUT);
        var node = json == null ? null : Json.read(json).get("adoptedAt");
        return node == null ? null : node.asText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> details(Map<String, Object> outputs, String step) {
        if (outputs == null || !(outputs.get(step) instanceof Map<?, ?> result)) return Map.of();
        Object details = result.get("details");
        if (!(details instanceof Map<?, ?> d)) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) d).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
