package dev.nodeless.maintenance;

import java.util.Collection;
import java.util.Map;

/** Port: what is known of EC2 instances (adapters: EC2 DescribeInstances; a cluster snapshot for replay). */
public interface InstanceDirectory {

    /**
     * @param cluster        the cluster the instance's tags name, {@code null} when no cluster tag is present
     * @param nodeNameHints  names its Node likely has (private DNS name, instance id)
     */
    record Instance(String instanceId, String cluster, java.util.List<String> nodeNameHints) {}

    /** The instances that exist, by id; unknown ids are absent from the map. */
    Map<String, Instance> describe(Collection<String> instanceIds);
}
