package dev.nodeless.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.*;

/**
 * moto 5.2 implements none of the EKS calls an in-place upgrade makes: UpdateClusterVersion, ListUpdates, DescribeUpdate,
 * ListInsights, DescribeInsight and DescribeAddonVersions are absent from its EKS responses and URLs (and it has no add-ons
 * at all, see {@link EksAddonAndAccessEntryStub}), and a moto cluster's version never changes. No emulator covers them
 * here, so this stub implements exactly those calls in memory, with the behaviour of the real service the code relies on:
 * an update is InProgress (the cluster UPDATING) for {@code pollsPerUpdate} DescribeUpdate calls, then Successful with the
 * cluster at the new version; UpdateClusterVersion while an update runs answers ResourceInUseException, and a version
 * that is not the next minor answers InvalidParameterException; {@link #failNextUpdate} makes the next update Failed with
 * an error detail. Clusters, Fargate profiles and tags still go to the real moto server.
 */
public class EksUpgradeStub extends EksAddonAndAccessEntryStub {

    private final Map<String, String> versions = new LinkedHashMap<>();
    private final Map<String, List<Update>> updates = new LinkedHashMap<>();
    private final Map<String, Integer> polls = new LinkedHashMap<>();
    private final List<Insight> insights = new ArrayList<>();
    private final int pollsPerUpdate;
    private ErrorDetail nextFailure;
    private int counter;
    /** Every UpdateClusterVersion request, for assertions. */
    public final List<String> versionRequests = new ArrayList<>();
    /** Every UpdateAddon request as "name version", for assertions. */
    public final List<String> addonUpdates = new ArrayList<>();

    public EksUpgradeStub(EksClient moto, int pollsPerUpdate) {
        super(moto);
        this.pollsPerUpdate = pollsPerUpdate;
    }

    /** An upgrade insight EKS reports for the cluster (ERROR blocks, WARNING does not). */
    public synchronized void addInsight(String kubernetesVersion, InsightStatusValue status, String name, String reason, String recommendation) {
        insights.add(Insight.builder().id("insight-" + insights.size()).name(name).category(Category.UPGRADE_READINESS)
                .kubernetesVersion(kubernetesVersion).insightStatus(s -> s.status(status).reason(reason)).recommendation(recommendation).build());
    }

    public synchronized void failNextUpdate(String code, String message) {
        nextFailure = ErrorDetail.builder().errorCode(code).errorMessage(message).build();
    }

    @Override
    public synchronized DescribeClusterResponse describeCluster(DescribeClusterRequest r) {
        Cluster c = super.describeCluster(r).cluster();
        boolean updating = updates.getOrDefault(c.name(), List.of()).stream().anyMatch(u -> u.status() == UpdateStatus.IN_PROGRESS);
        Cluster.Builder b = c.toBuilder().version(versions.getOrDefault(c.name(), c.version()));
        if (updating) b.status(ClusterStatus.UPDATING);
        return DescribeClusterResponse.builder().cluster(b.build()).build();
    }

    @Override
    public synchronized UpdateClusterVersionResponse updateClusterVersion(UpdateClusterVersionRequest r) {
        Cluster c = describeCluster(DescribeClusterRequest.builder().name(r.name()).build()).cluster();
        if (c.status() == ClusterStatus.UPDATING) throw inUse("Update already in progress for cluster " + r.name());
        int from = Integer.parseInt(c.version().substring(2));
        if (!r.version().equals("1." + (from + 1))) {
            throw (InvalidParameterException) InvalidParameterException.builder().message("Unsupported Kubernetes minor version update from "
                    + c.version() + " to " + r.version()).statusCode(400).build();
        }
        versionRequests.add(r.version());
        Update u = Update.builder().id("update-" + (++counter)).status(UpdateStatus.IN_PROGRESS).type(UpdateType.VERSION_UPDATE)
                .params(UpdateParam.builder().type(UpdateParamType.VERSION).value(r.version()).build(),
                        UpdateParam.builder().type(UpdateParamType.PLATFORM_VERSION).value("eks.1").build())
                .createdAt(Instant.ofEpochSecond(counter)).errors(List.of()).build();
        updates.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(u);
        return UpdateClusterVersionResponse.builder().update(u).build();
    }

    @Override
    public synchronized ListUpdatesResponse listUpdates(ListUpdatesRequest r) {
        moto.describeCluster(x -> x.name(r.name()));
        return ListUpdatesResponse.builder().updateIds(updates.getOrDefault(r.name(), List.of()).stream().map(Update::id).toList()).build();
    }

    @Override
    public synchronized DescribeUpdateResponse describeUpdate(DescribeUpdateRequest r) {
        List<Update> list = updates.getOrDefault(r.name(), List.of());
        for (int i = 0; i < list.size(); i++) {
            Update u = list.get(i);
            if (!u.id().equals(r.updateId())) continue;
            if (u.status() == UpdateStatus.IN_PROGRESS && polls.merge(u.id(), 1, Integer::sum) > pollsPerUpdate) {
                if (nextFailure != null) {
                    u = u.toBuilder().status(UpdateStatus.FAILED).errors(nextFailure).build();
                    nextFailure = null;
                } else {
                    u = u.toBuilder().status(UpdateStatus.SUCCESSFUL).build();
                    versions.put(r.name(), u.params().get(0).value());
                }
                list.set(i, u);
            }
            return DescribeUpdateResponse.builder().update(u).build();
        }
        throw notFound("No update found for ID: " + r.updateId());
    }

    @Override
    public synchronized ListInsightsResponse listInsights(ListInsightsRequest r) {
        moto.describeCluster(x -> x.name(r.clusterName()));
        List<String> wanted = r.filter() == null ? List.of() : r.filter().kubernetesVersions();
        return ListInsightsResponse.builder().insights(insights.stream().filter(i -> wanted.isEmpty() || wanted.contains(i.kubernetesVersion()))
                .map(i -> InsightSummary.builder().id(i.id()).name(i.name()).category(i.category()).kubernetesVersion(i.kubernetesVersion())
                        .insightStatus(i.insightStatus()).build()).toList()).build();
    }

    @Override
    public synchronized DescribeInsightResponse describeInsight(DescribeInsightRequest r) {
        return DescribeInsightResponse.builder().insight(insights.stream().filter(i -> i.id().equals(r.id())).findFirst()
                .orElseThrow(() -> notFound("No insight " + r.id()))).build();
    }

    /** Each add-on has two versions per Kubernetes minor 1.N: v1.N.0-eksbuild.1 (not default) and v1.N.1-eksbuild.1 (default). */
    @Override
    public DescribeAddonVersionsResponse describeAddonVersions(DescribeAddonVersionsRequest r) {
        String k = r.kubernetesVersion();
        String minor = k.substring(2);
        List<AddonVersionInfo> versions = List.of(
                AddonVersionInfo.builder().addonVersion("v1." + minor + ".0-eksbuild.1").compatibilities(c -> c.clusterVersion(k).defaultVersion(false)).build(),
                AddonVersionInfo.builder().addonVersion("v1." + minor + ".1-eksbuild.1").compatibilities(c -> c.clusterVersion(k).defaultVersion(true)).build());
        return DescribeAddonVersionsResponse.builder().addons(AddonInfo.builder().addonName(r.addonName()).addonVersions(versions).build()).build();
    }

    /** The real UpdateAddon keeps the configuration when the request carries none and sets the requested version. */
    @Override
    public synchronized UpdateAddonResponse updateAddon(UpdateAddonRequest r) {
        Addon before = describeAddon(DescribeAddonRequest.builder().clusterName(r.clusterName()).addonName(r.addonName()).build()).addon();
        super.updateAddon(r.configurationValues() == null ? r.toBuilder().configurationValues(before.configurationValues()).build() : r);
        if (r.addonVersion() != null) {
            addonUpdates.add(r.addonName() + " " + r.addonVersion());
            setAddonVersion(r.clusterName(), r.addonName(), r.addonVersion());
        }
        return UpdateAddonResponse.builder().update(Update.builder().id("addon-update").status(UpdateStatus.SUCCESSFUL).build()).build();
    }
}
