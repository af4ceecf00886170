package dev.nodeless.kube.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.chart.ChartRenderer;
import dev.nodeless.chart.HelmChartRenderer;
import dev.nodeless.chart.ChartSource;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterManifestsTest {

    /** Our own port, stubbed where the charts do not matter: one namespaced object per release, no namespace set. */
    static final ChartRenderer ONE_CONFIGMAP_PER_CHART = r -> List.of(
            new ConfigMapBuilder().withNewMetadata().withName(r.chart()).endMetadata().build());

    @TempDir
    Path work;

    private final ClusterSpec sample = SpecFixtures.sampleSpec();

    private static ClusterSpec specWith(String pointer, String json) {
        ObjectNode n = SpecFixtures.sample();
        SpecFixtures.put(n, pointer, json);
        return Specs.normalise(n);
    }

    private static List<HasMetadata> build(ClusterSpec spec) {
        return ClusterManifests.build(spec, ClusterFacts.planned(spec), ONE_CONFIGMAP_PER_CHART);
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, String kind, String name, Class<T> type) {
        List<HasMetadata> found = objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return type.cast(found.get(0));
    }

    private static int index(List<HasMetadata> objects, String kind, String name) {
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).getKind().equals(kind) && objects.get(i).getMetadata().getName().equals(name)) return i;
        }
        throw new AssertionError("no " + kind + " " + name);
    }

    /** Pod Security "restricted" (Kubernetes' own profile), checked on both buffer backends. */
    @Test
    void bufferNamespace_enforcesRestricted_andThePausePodsComply() {
        for (String backend : List.of("pause-pods", "capacity-buffer")) {
            List<HasMetadata> objects = build(specWith("/buffer/backend", "\"" + backend + "\""));
            var ns = one(objects, "Namespace", "nodeless", io.fabric8.kubernetes.api.model.Namespace.class);
            assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                    .containsEntry("pod-security.kubernetes.io/warn", "restricted").containsEntry("pod-security.kubernetes.io/audit", "restricted");
            io.fabric8.kubernetes.api.model.PodSpec pod = backend.equals("pause-pods")
                    ? one(objects, "Deployment", "pause-pods", io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec().getTemplate().getSpec()
                    : one(objects, "PodTemplate", "pause-pods", io.fabric8.kubernetes.api.model.PodTemplate.class).getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(backend).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            for (var c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertThat(sc.getAllowPrivilegeEscalation()).as(backend + " " + c.getName()).isFalse();
                assertThat(sc.getRunAsNonRoot()).isTrue();
                assertThat(sc.getRunAsUser()).isNotZero();
                assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            }
            assertThat(objects).filteredOn(o -> o.getKind().equals("ValidatingAdmissionPolicy")).hasSize(1);
            assertThat(objects).filteredOn(o -> o.getKind().equals("ValidatingAdmissionPolicyBinding")).hasSize(1);
        }
    }

    @Test
    void realCharts_comeOutInApplyOrder_crdsThenNamespacesThenChartsThenKarpenterThenBuffer() {
        ClusterSpec spec = sample;
        List<HasMetadata> objects = ClusterManifests.build(spec, ClusterFacts.planned(spec),
                new HelmChartRenderer(ChartSource.local(Reference.charts()), work));

        int lastCrd = -1;
        int firstOther = Integer.MAX_VALUE;
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).getKind().equals("CustomResourceDefinition")) lastCrd = i;
            else firstOther = Math.min(firstOther, i);
        }
        assertThat(lastCrd).as("all CRDs before everything else").isLessThan(firstOther);
        assertThat(index(objects, "CustomResourceDefinition", "nodepools.karpenter.sh")).isLessThan(firstOther);
        assertThat(index(objects, "Namespace", "karpenter")).isLessThan(index(objects, "Deployment", "karpenter"));
        assertThat(index(objects, "Namespace", "nodeless")).isLessThan(index(objects, "Deployment", "karpenter"));
        assertThat(index(objects, "Deployment", "karpenter")).isLessThan(index(objects, "Deployment", "aws-load-balancer-controller"));
        assertThat(index(objects, "Deployment", "aws-load-balancer-controller")).isLessThan(index(objects, "Deployment", "external-dns"));
        assertThat(index(objects, "Deployment", "external-dns")).isLessThan(index(objects, "EC2NodeClass", "default"));
        assertThat(index(objects, "EC2NodeClass", "default")).isLessThan(index(objects, "NodePool", "default"));
        assertThat(index(objects, "NodePool", "default")).isLessThan(index(objects, "PriorityClass", "pause-pods"));
        assertThat(index(objects, "PriorityClass", "pause-pods")).isLessThan(index(objects, "Deployment", "pause-pods"));
        assertThat(index(objects, "Deployment", "pause-pods")).isLessThan(index(objects, "Service", "kube-ops-view"));
        assertThat(index(objects, "Service", "kube-ops-view")).isLessThan(index(objects, "Deployment", "inflate"));
        assertThat(objects).filteredOn(o -> !ClusterScoped.is(o))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName()).isNotBlank());
        assertThat(objects).filteredOn(o -> o.getKind().equals("Namespace")).extracting(o -> o.getMetadata().getName())
                .containsExactly("karpenter", "nodeless", "kube-ops-view");
    }

    @Test
    void chartObjectsWithoutNamespace_getTheirReleaseNamespace() {
        List<HasMetadata> objects = build(sample);

        assertThat(one(objects, "ConfigMap", "karpenter", HasMetadata.class).getMetadata().getNamespace()).isEqualTo("karpenter");
        assertThat(one(objects, "ConfigMap", "aws-load-balancer-controller", HasMetadata.class).getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(one(objects, "ConfigMap", "external-dns", HasMetadata.class).getMetadata().getNamespace()).isEqualTo("kube-system");
    }

    @Test
    void nodePool_followsTheSpec_andPassesTheRealCrdSchema() {
        GenericKubernetesResource pool = one(build(sample), "NodePool", "default", GenericKubernetesResource.class);

        assertThat(CrdSchema.load(Reference.crd("karpenter.sh_nodepools.yaml"), "v1").problems(pool)).isEmpty();
        Map<String, Object> spec = pool.get("spec");
        assertThat(pool.getApiVersion()).isEqualTo("karpenter.sh/v1");
        assertThat(spec).extracting("disruption").isEqualTo(Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized", "consolidateAfter", "30s"));
        assertThat(spec).extracting("limits").isEqualTo(Map.of("cpu", "1000", "memory", "4000Gi"));
        assertThat(pool.<String>get("spec", "template", "spec", "expireAfter")).isEqualTo("120s");
        assertThat(pool.<Map<String, Object>>get("spec", "template", "spec", "nodeClassRef"))
                .isEqualTo(Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"));
        assertThat(pool.<List<Map<String, Object>>>get("spec", "template", "spec", "requirements"))
                .contains(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot")));
    }

    @Test
    void crdSchemaCheck_catchesAMisspeltFieldAndABadEnum() {
        GenericKubernetesResource pool = one(build(sample), "NodePool", "default", GenericKubernetesResource.class);
        Map<String, Object> disruption = pool.get("spec", "disruption");
        Map<String, Object> broken = new java.util.HashMap<>(disruption);
        broken.put("consolidationPolicy", "WhenUnderutilized");
        broken.put("consolidateAfterr", "30s");
        pool.<Map<String, Object>>get("spec").put("disruption", broken);

        assertThat(CrdSchema.load(Reference.crd("karpenter.sh_nodepools.yaml"), "v1").problems(pool))
                .anyMatch(p -> p.contains("consolidationPolicy"))
                .anyMatch(p -> p.contains("consolidateAfterr"));
    }

    @Test
    void ec2NodeClass_usesTheNodeRoleAliasAndDiscoveryTags_andPassesTheRealCrdSchema() {
        GenericKubernetesResource nodeClass = one(build(sample), "EC2NodeClass", "default", GenericKubernetesResource.class);

        assertThat(CrdSchema.load(Reference.crd("karpenter.k8s.aws_ec2nodeclasses.yaml"), "v1").problems(nodeClass)).isEmpty();
        assertThat(nodeClass.<String>get("spec", "role")).isEqualTo("nodeless-nodeless-demo-node");
        assertThat(nodeClass.<List<Object>>get("spec", "amiSelectorTerms")).containsExactly(Map.of("alias", "al2023@latest"));
        Map<String, Object> discovery = Map.of("tags", Map.of("karpenter.sh/discovery", "nodeless-demo"));
        assertThat(nodeClass.<List<Object>>get("spec", "subnetSelectorTerms")).containsExactly(discovery);
        assertThat(nodeClass.<List<Object>>get("spec", "securityGroupSelectorTerms")).containsExactly(discovery);
        assertThat(nodeClass.<Map<String, Object>>get("spec", "tags")).containsEntry("project", "nodeless-demo")
                .containsEntry("nodeless.dev/cluster", "nodeless-demo");
    }

    @Test
    void priorityClasses_areTheRunbooks_defaultZeroGlobalAndPausePodsMinusOne() {
        List<HasMetadata> objects = build(sample);

        PriorityClass def = one(objects, "PriorityClass", "default", PriorityClass.class);
        PriorityClass pause = one(objects, "PriorityClass", "pause-pods", PriorityClass.class);
        assertThat(def.getValue()).isZero();
        assertThat(def.getGlobalDefault()).isTrue();
        assertThat(pause.getValue()).isEqualTo(-1);
        assertThat(pause.getGlobalDefault()).isFalse();
    }

    @Test
    void pausePodsBuffer_startsAtBaseline_avoidsAtRiskNodes_andSpreadsOverZones() {
        Deployment buffer = one(build(sample), "Deployment", "pause-pods", Deployment.class);

        assertThat(buffer.getMetadata().getNamespace()).isEqualTo(ResourceNames.BUFFER_NAMESPACE);
        assertThat(buffer.getSpec().getReplicas()).isEqualTo(2);
        assertThat(buffer.getMetadata().getAnnotations()).as("baseline set on create only; the maintenance loop owns replicas after")
                .containsEntry(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION, "spec.replicas");
        PodSpec pod = buffer.getSpec().getTemplate().getSpec();
        assertThat(pod.getPriorityClassName()).isEqualTo("pause-pods");
        assertThat(buffer.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE);
        var term = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0);
        assertThat(term.getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo(ResourceNames.AT_RISK_LABEL);
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactly("true");
        });
        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(t -> {
            assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(t.getLabelSelector().getMatchLabels()).containsEntry(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE);
        });
        assertThat(pod.getContainers().get(0).getResources().getRequests())
                .containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
    }

    @Test
    void capacityBufferBackend_isAPodTemplateAndACapacityBuffer_thatPassTheRealCrdSchema() {
        List<HasMetadata> objects = build(specWith("/buffer/backend", "\"capacity-buffer\""));

        GenericKubernetesResource buffer = one(objects, "CapacityBuffer", "pause-pods", GenericKubernetesResource.class);
        PodTemplate template = one(objects, "PodTemplate", "pause-pods", PodTemplate.class);
        assertThat(CrdSchema.load(Reference.crd("autoscaling.x-k8s.io_capacitybuffers.yaml"), "v1beta1").problems(buffer)).isEmpty();
        assertThat(buffer.getApiVersion()).isEqualTo("autoscaling.x-k8s.io/v1beta1");
        assertThat(buffer.<Map<String, Object>>get("spec")).isEqualTo(Map.of("podTemplateRef", Map.of("name", "pause-pods"), "replicas", 2));
        assertThat(buffer.getMetadata().getAnnotations()).containsEntry(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION, "spec.replicas");
        assertThat(template.getTemplate().getSpec().getAffinity().getNodeAffinity()).isNotNull();
        assertThat(template.getTemplate().getSpec().getPriorityClassName()).as("virtual pods need no preemption priority").isNull();
        assertThat(objects).noneMatch(o -> o.getKind().equals("Deployment") && o.getMetadata().getName().equals("pause-pods"));
        assertThat(index(objects, "PodTemplate", "pause-pods")).isLessThan(index(objects, "CapacityBuffer", "pause-pods"));
    }

    @Test
    void onlyTheBufferDeclaresCreateOnlyFields() {
        assertThat(build(specWith("/addons/kubeOpsView", "{}"))).filteredOn(o -> o.getMetadata().getAnnotations() != null
                        && o.getMetadata().getAnnotations().containsKey(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION))
                .extracting(o -> o.getKind() + " " + o.getMetadata().getName()).containsExactly("Deployment pause-pods");
    }

    @Test
    void kubeOpsView_isInternalByDefault_withoutSourceRanges() {
        Service svc = one(build(specWith("/addons/kubeOpsView", "{}")), "Service", "kube-ops-view", Service.class);

        assertThat(svc.getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal")
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip")
                .containsEntry("external-dns.alpha.kubernetes.io/hostname", "kube-ops-view.nodeless.example.com");
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getLoadBalancerClass()).isEqualTo("service.k8s.aws/nlb");
        assertThat(svc.getSpec().getLoadBalancerSourceRanges()).isNullOrEmpty();
    }

    @Test
    void kubeOpsView_internetFacing_onlyFromTheGivenRanges() {
        Service svc = one(build(sample), "Service", "kube-ops-view", Service.class);

        assertThat(svc.getMetadata().getAnnotations()).containsEntry("service.beta.kubernetes.io/aws-load-balancer-scheme", "internet-facing");
        assertThat(svc.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
    }

    @Test
    void disabledAddons_leaveNoTrace() {
        ObjectNode n = SpecFixtures.sample();
        SpecFixtures.put(n, "/addons", "{\"loadBalancerController\":{\"enabled\":false},\"kubeOpsView\":{\"enabled\":false}}");
        List<HasMetadata> objects = build(Specs.normalise(n));

        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains("ConfigMap/karpenter")
                .doesNotContain("ConfigMap/aws-load-balancer-controller", "ConfigMap/external-dns", "Service/kube-ops-view",
                        "Namespace/kube-ops-view", "Deployment/inflate");
    }
}
