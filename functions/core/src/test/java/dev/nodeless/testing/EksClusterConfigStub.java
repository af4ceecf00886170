package dev.nodeless.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.*;

/**
 * moto 5.2 stores a cluster's logging (CreateCluster and UpdateClusterConfig) and its encryptionConfig at create, but
 * ignores upgradePolicy and deletionProtection (absent from its model and its DescribeCluster answer) and has no
 * AssociateEncryptionConfig. No emulator covers them here, so this stub keeps exactly those in memory over moto's
 * clusters, with the behaviour of the real service the code relies on: CreateCluster without an upgrade policy gets
 * STANDARD (EKS's default), deletion protection defaults to off; UpdateClusterConfig takes one kind of setting per
 * request (InvalidParameterException otherwise), logging goes on to moto; DeleteCluster of a protected cluster answers
 * InvalidRequestException; AssociateEncryptionConfig on a cluster that already has encryption answers
 * InvalidParameterException. Updates apply at once (moto's clusters never go UPDATING either).
 */
public class EksClusterConfigStub extends DelegatingEksClient {

    private final Map<String, String> supportTypes = new LinkedHashMap<>();
    private final Map<String, Boolean> protections = new LinkedHashMap<>();
    private final Map<String, List<EncryptionConfig>> associated = new LinkedHashMap<>();
    /** Every UpdateClusterConfig and AssociateEncryptionConfig, as "setting=value", for assertions. */
    public final List<String> configUpdates = new java.util.ArrayList<>();

    public EksClusterConfigStub(EksClient moto) {
        super(moto);
    }

    @Override
    public synchronized CreateClusterResponse createCluster(CreateClusterRequest r) {
        CreateClusterResponse response = moto.createCluster(r);
        supportTypes.put(r.name(), r.upgradePolicy() == null || r.upgradePolicy().supportType() == null ? "STANDARD" : r.upgradePolicy().supportTypeAsString());
        protections.put(r.name(), Boolean.TRUE.equals(r.deletionProtection()));
        return CreateClusterResponse.builder().cluster(overlay(response.cluster())).build();
    }

    @Override
    public synchronized DescribeClusterResponse describeCluster(DescribeClusterRequest r) {
        return DescribeClusterResponse.builder().cluster(overlay(moto.describeCluster(r).cluster())).build();
    }

    @Override
    public synchronized UpdateClusterConfigResponse updateClusterConfig(UpdateClusterConfigRequest r) {
        moto.describeCluster(x -> x.name(r.name())); // ResourceNotFoundException like EKS
        int kinds = (r.logging() != null ? 1 : 0) + (r.upgradePolicy() != null ? 1 : 0) + (r.deletionProtection() != null ? 1 : 0)
                + (r.resourcesVpcConfig() != null ? 1 : 0);
        if (kinds != 1) throw (InvalidParameterException) InvalidParameterException.builder().message("Only one type of update can be allowed.").statusCode(400).build();
        if (r.logging() != null) {
            moto.updateClusterConfig(r);
            configUpdates.add("logging=" + r.logging().clusterLogging().stream().filter(s -> Boolean.TRUE.equals(s.enabled()))
                    .flatMap(s -> s.typesAsStrings().stream()).toList());
        }
        if (r.upgradePolicy() != null) {
            supportTypes.put(r.name(), r.upgradePolicy().supportTypeAsString());
            configUpdates.add("upgradePolicy=" + r.upgradePolicy().supportTypeAsString());
        }
        if (r.deletionProtection() != null) {
            protections.put(r.name(), r.deletionProtection());
            configUpdates.add("deletionProtection=" + r.deletionProtection());
        }
        if (r.resourcesVpcConfig() != null) moto.updateClusterConfig(r);
        return UpdateClusterConfigResponse.builder().update(Update.builder().id("config-" + configUpdates.size()).status(UpdateStatus.SUCCESSFUL).build()).build();
    }

    @Override
    public synchronized AssociateEncryptionConfigResponse associateEncryptionConfig(AssociateEncryptionConfigRequest r) {
        Cluster c = describeCluster(DescribeClusterRequest.builder().name(r.clusterName()).build()).cluster();
        if (c.hasEncryptionConfig() && !c.encryptionConfig().isEmpty()) {
            throw (InvalidParameterException) InvalidParameterException.builder().message("Encryption is already enabled on the cluster").statusCode(400).build();
        }
        associated.put(r.clusterName(), r.encryptionConfig());
        configUpdates.add("encryptionConfig=" + r.encryptionConfig().get(0).provider().keyArn());
        return AssociateEncryptionConfigResponse.builder().update(Update.builder().id("encryption").status(UpdateStatus.SUCCESSFUL).build()).build();
    }

    @Override
    public synchronized DeleteClusterResponse deleteCluster(DeleteClusterRequest r) {
        if (Boolean.TRUE.equals(protections.get(r.name()))) {
            throw (InvalidRequestException) InvalidRequestException.builder()
                    .message("Cannot delete cluster " + r.name() + " because deletion protection is enabled").statusCode(400).build();
        }
        DeleteClusterResponse response = moto.deleteCluster(r);
        supportTypes.remove(r.name());
        protections.remove(r.name());
        associated.remove(r.name());
        return response;
    }

    private Cluster overlay(Cluster c) {
        Cluster.Builder b = c.toBuilder().upgradePolicy(u -> u.supportType(supportTypes.getOrDefault(c.name(), "STANDARD")))
                .deletionProtection(protections.getOrDefault(c.name(), false));
        if (associated.containsKey(c.name())) b.encryptionConfig(associated.get(c.name()));
        return b.build();
    }
}
