package dev.nodeless.chart;

import java.util.Map;

/**
 * One Helm release to render: which chart, for which Kubernetes version, with which values.
 *
 * @param chart       chart name as published ({@code karpenter}, {@code aws-load-balancer-controller}, {@code external-dns})
 * @param kubeVersion the cluster's Kubernetes version; without it Helm renders for an old default
 *                    (Karpenter's PodDisruptionBudget came out as policy/v1beta1)
 * @param values      nested values, written to a values file (no {@code --set} escaping of dotted keys)
 */
public record ChartRelease(String chart, String version, String releaseName, String namespace, String kubeVersion,
                           Map<String, Object> values) {}
