package dev.nodeless.testing;

import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.*;

/**
 * An {@link EksClient} that forwards the calls moto implements (clusters, Fargate profiles, tags) to a real client
 * pointed at moto. Subclasses add what moto lacks or inject failures moto cannot produce (concurrent operations).
 */
public class DelegatingEksClient implements EksClient {

    protected final EksClient moto;

    public DelegatingEksClient(EksClient moto) {
        this.moto = moto;
    }

    @Override public String serviceName() { return moto.serviceName(); }
    @Override public void close() { moto.close(); }
    @Override public CreateClusterResponse createCluster(CreateClusterRequest r) { return moto.createCluster(r); }
    @Override public DescribeClusterResponse describeCluster(DescribeClusterRequest r) { return moto.describeCluster(r); }
    @Override public DeleteClusterResponse deleteCluster(DeleteClusterRequest r) { return moto.deleteCluster(r); }
    @Override public ListClustersResponse listClusters(ListClustersRequest r) { return moto.listClusters(r); }
    @Override public TagResourceResponse tagResource(TagResourceRequest r) { return moto.tagResource(r); }
    @Override public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) { return moto.listTagsForResource(r); }
    @Override public CreateFargateProfileResponse createFargateProfile(CreateFargateProfileRequest r) { return moto.createFargateProfile(r); }
    @Override public DescribeFargateProfileResponse describeFargateProfile(DescribeFargateProfileRequest r) { return moto.describeFargateProfile(r); }
    @Override public DeleteFargateProfileResponse deleteFargateProfile(DeleteFargateProfileRequest r) { return moto.deleteFargateProfile(r); }
    @Override public ListFargateProfilesResponse listFargateProfiles(ListFargateProfilesRequest r) { return moto.listFargateProfiles(r); }
}
