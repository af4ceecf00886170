package dev.nodeless.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names of everything the bootstrap creates for one cluster. Idempotent steps find what an
 * earlier run created by these names, so no step needs another step's output to find its resources.
 * IAM role names are limited to 64 characters; long cluster names are shortened with a stable hash.
 */
public record ResourceNames(String cluster) {

    public static final String DISCOVERY_TAG = "karpenter.sh/discovery";
    public static final String MANAGED_BY_TAG = "nodeless.dev/managed-by";
    public static final String CLUSTER_TAG = "nodeless.dev/cluster";
    public static final String FIELD_MANAGER = "nodeless";
    /** The buffer object (pause-pods Deployment or CapacityBuffer) lives here; not on a Fargate-profile namespace. */
    public static final String BUFFER_NAMESPACE = "nodeless";
    public static final String BUFFER_NAME = "pause-pods";
    public static final String BUFFER_PRIORITY_CLASS = "pause-pods";
    /** Label on buffer pods (and the CapacityBuffer's pod template). */
    public static final String BUFFER_POD_LABEL = "nodeless.dev/buffer";
    /** Label on Nodes expected to be displaced; buffer pods have a required anti-affinity to it. */
    public static final String AT_RISK_LABEL = "nodeless.dev/at-risk";
    /** Annotation on the buffer object holding the at-risk ledger (JSON), written together with replicas. */
    public static final String LEDGER_ANNOTATION = "nodeless.dev/at-risk-ledger";

    public String clusterRole() { return role("cluster"); }
    public String fargatePodExecutionRole() { return role("fargate"); }
    public String nodeRole() { return role("node"); }
    public String nodeInstanceProfile() { return role("node"); }
    public String karpenterControllerRole() { return role("karpenter"); }
    public String loadBalancerControllerRole() { return role("lbc"); }
    public String externalDnsRole() { return role("dns"); }
    public String interruptionQueue() { return shorten("nodeless-" + cluster, 80 - ".fifo".length()); }
    public String interruptionRule(String kind) { return shorten("nodeless-" + cluster + "-" + kind, 64); }
    public String fargateProfileKarpenter() { return "karpenter"; }
    public String fargateProfileKubeSystem() { return "kube-system"; }

    private String role(String purpose) {
        return shorten("nodeless-" + cluster + "-" + purpose, 64);
    }

    /** Keeps names within AWS limits: a prefix plus an 8-hex-digit hash of the whole name when too long. */
    static String shorten(String name, int max) {
        if (name.length() <= max) return name;
        String hash = sha256(name).substring(0, 8);
        return name.substring(0, max - 9) + "-" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
