package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production write path: server-side apply. The CRUD mock answers SSA with 415, so these tests run the
 * mock server in expectations mode, script each response, and assert the exact requests the Applier sends
 * (method, path per object, content type, fieldManager and force, body) and how it reads the answers.
 */
class ApplierRequestsTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String SSA = "?fieldManager=nodeless&force=true";

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubeMocks.expectations();
        client = KubeMocks.withoutRetries(server.createClient()); // Step Functions retries; see KubeClients.Options
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private Applier applier() {
        return new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(1));
    }

    @Test
    void namespacedObject_isServerSideAppliedToItsNamespacedPath_withFieldManagerAndForce() throws Exception {
        ServiceAccount sa = serviceAccount();
        String path = "/api/v1/namespaces/karpenter/serviceaccounts/karpenter";
        server.expect().get().withPath(path).andReturn(404, notFound()).once();
        server.expect().patch().withPath(path + SSA).andReturn(200, withVersion(sa, "17")).once();

        ApplyReport report = applier().apply(List.of(sa));

        assertThat(report.objects()).containsExactly(new ApplyReport.Applied("ServiceAccount karpenter/karpenter", ApplyReport.Change.CREATED));
        RecordedRequest patch = onlyPatch(KubeMocks.drain(server));
        assertThat(patch.getPath()).isEqualTo(path + SSA);
        assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(JSON.unmarshal(patch.getUtf8Body(), ServiceAccount.class)).isEqualTo(sa);
    }

    @Test
    void clusterScopedObject_isAppliedWithoutNamespaceInPath() throws Exception {
        ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName("karpenter-core").endMetadata()
                .addNewRule().withApiGroups("karpenter.sh").withResources("nodepools").withVerbs("get", "list", "watch").endRule().build();
        String path = "/apis/rbac.authorization.k8s.io/v1/clusterroles/karpenter-core";
        server.expect().get().withPath(path).andReturn(404, notFound()).once();
        server.expect().patch().withPath(path + SSA).andReturn(200, withVersion(role, "3")).once();

        ApplyReport report = applier().apply(List.of(role));

        assertThat(report.objects()).extracting(ApplyReport.Applied::ref).containsExactly("ClusterRole karpenter-core");
        assertThat(onlyPatch(KubeMocks.drain(server)).getPath()).isEqualTo(path + SSA);
    }

    @Test
    void crdFirst_thenCustomResourcesAtThePluralFromTheCrd_afterEstablished() throws Exception {
        var crd = KubeFixtures.nodePoolCrd();
        var bufferCrd = KubeFixtures.capacityBufferCrd();
        var pool = KubeFixtures.nodePool("default", false);
        pool.setAdditionalProperty("status", null);
        var buffer = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("autoscaling.x-k8s.io/v1beta1")
                .withKind("CapacityBuffer").withNewMetadata().withName("nodeless").withNamespace("nodeless").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 2))).build();
        String crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodepools.karpenter.sh";
        String bufferCrdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/capacitybuffers.autoscaling.x-k8s.io";
        var established = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder(crd)
                .withNewStatus().withConditions(KubeFixtures.establishedCondition()).endStatus().build();
        var bufferEstablished = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder(bufferCrd)
                .withNewStatus().withConditions(KubeFixtures.establishedCondition()).endStatus().build();
        server.expect().get().withPath(crdPath).andReturn(404, notFound()).once();
        server.expect().patch().withPath(crdPath + SSA).andReturn(200, withVersion(crd, "1")).once();
        server.expect().get().withPath(bufferCrdPath).andReturn(404, notFound()).once();
        server.expect().patch().withPath(bufferCrdPath + SSA).andReturn(200, withVersion(bufferCrd, "2")).once();
        server.expect().get().withPath(crdPath).andReturn(200, established).always();
        server.expect().get().withPath(bufferCrdPath).andReturn(200, bufferEstablished).always();
        String poolPath = "/apis/karpenter.sh/v1/nodepools/default";
        server.expect().get().withPath(poolPath).andReturn(404, notFound()).once();
        server.expect().patch().withPath(poolPath + SSA).andReturn(200, withVersion(pool, "4")).once();
        String bufferPath = "/apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/nodeless";
        server.expect().get().withPath(bufferPath).andReturn(404, notFound()).once();
        server.expect().patch().withPath(bufferPath + SSA).andReturn(200, withVersion(buffer, "5")).once();

        // custom resources listed before their CRDs on purpose: the Applier puts CRDs first
        ApplyReport report = applier().apply(List.<HasMetadata>of(pool, buffer, crd, bufferCrd));

        assertThat(report.complete()).isTrue();
        assertThat(report.objects()).extracting(ApplyReport.Applied::ref).containsExactly(
                "CustomResourceDefinition nodepools.karpenter.sh", "CustomResourceDefinition capacitybuffers.autoscaling.x-k8s.io",
                "NodePool default", "CapacityBuffer nodeless/nodeless");
        List<RecordedRequest> requests = KubeMocks.drain(server);
        List<String> patches = requests.stream().filter(r -> r.getMethod().equals("PATCH")).map(RecordedRequest::getPath).toList();
        assertThat(patches).containsExactly(crdPath + SSA, bufferCrdPath + SSA, poolPath + SSA, bufferPath + SSA);
        int lastCrdRead = lastIndexOf(requests, "GET", crdPath);
        int poolPatch = lastIndexOf(requests, "PATCH", poolPath + SSA);
        assertThat(lastCrdRead).as("Established is checked before the NodePool is applied").isLessThan(poolPatch);
        RecordedRequest poolRequest = requests.get(poolPatch);
        assertThat(poolRequest.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        var sent = JSON.unmarshal(poolRequest.getUtf8Body(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        assertThat(sent.getKind()).isEqualTo("NodePool");
        assertThat(sent.getAdditionalProperties().get("spec")).isEqualTo(pool.getAdditionalProperties().get("spec"));
    }

    @Test
    void sameResourceVersionAfterApply_isUnchanged_newOne_isConfigured() {
        ServiceAccount sa = serviceAccount();
        String path = "/api/v1/namespaces/karpenter/serviceaccounts/karpenter";
        server.expect().get().withPath(path).andReturn(200, withVersion(sa, "17")).times(2);
        server.expect().patch().withPath(path + SSA).andReturn(200, withVersion(sa, "17")).once();
        server.expect().patch().withPath(path + SSA).andReturn(200, withVersion(sa, "18")).once();

        assertThat(applier().apply(List.of(sa)).objects()).extracting(ApplyReport.Applied::change).containsExactly(ApplyReport.Change.UNCHANGED);
        assertThat(applier().apply(List.of(sa)).objects()).extracting(ApplyReport.Applied::change).containsExactly(ApplyReport.Change.CONFIGURED);
    }

    @Test
    void validationError_isRejectedNamingTheObject_andStopsTheRun() throws Exception {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("karpenter").withNamespace("karpenter").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
        ServiceAccount after = serviceAccount();
        String path = "/apis/apps/v1/namespaces/karpenter/deployments/karpenter";
        server.expect().get().withPath(path).andReturn(404, notFound()).once();
        server.expect().patch().withPath(path + SSA).andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"karpenter\" is invalid: spec.selector: Required value").build()).once();

        assertThatThrownBy(() -> applier().apply(List.of(d, after)))
                .isInstanceOf(KubeRejectedException.class)
                .hasMessageContaining("applying Deployment karpenter/karpenter")
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("spec.selector: Required value");
        assertThat(KubeMocks.drain(server)).extracting(RecordedRequest::getPath).noneMatch(p -> p.contains("serviceaccounts"));
    }

    @Test
    void serverBusyOrFailing_isRetryable() {
        ServiceAccount sa = serviceAccount();
        String path = "/api/v1/namespaces/karpenter/serviceaccounts/karpenter";
        server.expect().get().withPath(path).andReturn(404, notFound()).always();
        server.expect().patch().withPath(path + SSA).andReturn(429, new StatusBuilder().withCode(429).withMessage("too many requests").build()).once();
        server.expect().patch().withPath(path + SSA).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("Internal error occurred: failed calling webhook \"mservice.elbv2.k8s.aws\": no endpoints available").build()).always();

        assertThatThrownBy(() -> applier().apply(List.of(sa)))
                .isInstanceOf(RetryableKubeException.class).hasMessageContaining("applying ServiceAccount karpenter/karpenter").hasMessageContaining("HTTP 429");
        assertThatThrownBy(() -> applier().apply(List.of(sa)))
                .isInstanceOf(RetryableKubeException.class).hasMessageContaining("HTTP 500").hasMessageContaining("no endpoints available");
    }

    @Test
    void crdNeverEstablished_appliesOnlyTheCrd_andReportsItPending() throws Exception {
        var crd = KubeFixtures.nodePoolCrd();
        String crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodepools.karpenter.sh";
        server.expect().get().withPath(crdPath).andReturn(404, notFound()).once();
        server.expect().patch().withPath(crdPath + SSA).andReturn(200, withVersion(crd, "1")).once();
        server.expect().get().withPath(crdPath).andReturn(200, withVersion(crd, "1")).always();
        SteppedClock clock = new SteppedClock(java.time.Instant.parse("2026-03-01T12:00:00Z"));
        Applier applier = new Applier(client, clock, clock::advance, Duration.ofSeconds(30), Duration.ofSeconds(5));

        ApplyReport report = applier.apply(List.<HasMetadata>of(KubeFixtures.nodePool("default", false), crd));

        assertThat(report.complete()).isFalse();
        assertThat(report.pendingCrds()).containsExactly("nodepools.karpenter.sh");
        assertThat(report.objects()).extracting(ApplyReport.Applied::ref).containsExactly("CustomResourceDefinition nodepools.karpenter.sh");
        assertThat(KubeMocks.drain(server)).extracting(RecordedRequest::getPath).noneMatch(p -> p.contains("/nodepools/default"));
        assertThat(report.summary()).contains("waiting for CRDs to be Established: nodepools.karpenter.sh");
    }

    @Test
    void badInput_isRejectedWithEveryProblem_beforeAnyRequest() throws Exception {
        ServiceAccount noNamespace = new ServiceAccountBuilder().withNewMetadata().withName("orphan").endMetadata().build();
        ClusterRole withNamespace = new ClusterRoleBuilder().withNewMetadata().withName("r").withNamespace("x").endMetadata().build();
        ServiceAccount nameless = new ServiceAccountBuilder().withNewMetadata().withNamespace("x").endMetadata().build();
        var unknown = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName("w").endMetadata().build();
        server.expect().get().withPath("/apis/example.com/v1").andReturn(404, notFound()).always();

        assertThatThrownBy(() -> applier().apply(List.<HasMetadata>of(noNamespace, withNamespace, nameless, unknown, serviceAccount(), serviceAccount())))
                .isInstanceOf(KubeRejectedException.class)
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("ServiceAccount null/orphan: namespaced kind without metadata.namespace")
                .hasMessageContaining("ClusterRole r: cluster-scoped kind must not set metadata.namespace (x)")
                .hasMessageContaining("object #3: apiVersion, kind and metadata.name are required")
                .hasMessageContaining("no API serves kind Widget in example.com/v1")
                .hasMessageContaining("ServiceAccount karpenter/karpenter: appears twice");
        assertThat(KubeMocks.drain(server)).extracting(RecordedRequest::getMethod).containsOnly("GET");
    }

    @Test
    void genericObjectsWithoutCrdInTheList_areAddressedByApiDiscovery_oncePerApiVersion() throws Exception {
        var cm = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("settings").withNamespace("karpenter").endMetadata()
                .withAdditionalProperties(Map.of("data", Map.of("a", "b"))).build();
        var poolA = KubeFixtures.nodePool("a", true);
        var poolB = KubeFixtures.nodePool("b", true);
        server.expect().get().withPath("/api/v1").andReturn(200, new io.fabric8.kubernetes.api.model.APIResourceListBuilder()
                .withGroupVersion("v1").addNewResource().withName("configmaps").withKind("ConfigMap").withNamespaced(true).endResource().build()).once();
        server.expect().get().withPath("/apis/karpenter.sh/v1").andReturn(200, new io.fabric8.kubernetes.api.model.APIResourceListBuilder()
                .withGroupVersion("karpenter.sh/v1")
                .addNewResource().withName("nodepools/status").withKind("NodePool").withNamespaced(false).endResource()
                .addNewResource().withName("nodepools").withKind("NodePool").withNamespaced(false).endResource().build()).once();
        for (String path : List.of("/api/v1/namespaces/karpenter/configmaps/settings", "/apis/karpenter.sh/v1/nodepools/a", "/apis/karpenter.sh/v1/nodepools/b")) {
            server.expect().get().withPath(path).andReturn(404, notFound()).once();
            server.expect().patch().withPath(path + SSA).andReturn(200, Map.of("metadata", Map.of("resourceVersion", "9"))).once();
        }

        ApplyReport report = applier().apply(List.<HasMetadata>of(cm, poolA, poolB));

        assertThat(report.objects()).extracting(ApplyReport.Applied::ref).containsExactly("ConfigMap karpenter/settings", "NodePool a", "NodePool b");
        List<RecordedRequest> requests = KubeMocks.drain(server);
        assertThat(requests).extracting(RecordedRequest::getPath).filteredOn(p -> p.equals("/apis/karpenter.sh/v1")).hasSize(1);
        assertThat(requests).filteredOn(r -> r.getMethod().equals("PATCH")).extracting(RecordedRequest::getPath).containsExactly(
                "/api/v1/namespaces/karpenter/configmaps/settings" + SSA, "/apis/karpenter.sh/v1/nodepools/a" + SSA, "/apis/karpenter.sh/v1/nodepools/b" + SSA);
    }

    // ---- create-only fields: the buffer's replicas belong to the maintenance loop after the first create

    private static final String BUFFER_PATH = "/apis/apps/v1/namespaces/nodeless/deployments/pause-pods";
    private static final String BUFFER_CREATE = "/apis/apps/v1/namespaces/nodeless/deployments?fieldManager=nodeless";

    /** The real buffer object of the sample spec (baseline 2 replicas), as ClusterManifests renders it. */
    static <T extends HasMetadata> T bufferOf(String backend, Class<T> type) {
        var node = dev.nodeless.spec.SpecFixtures.sample();
        dev.nodeless.spec.SpecFixtures.put(node, "/buffer/backend", "\"" + backend + "\"");
        var spec = dev.nodeless.spec.Specs.normalise(node);
        List<HasMetadata> all = dev.nodeless.kube.manifests.ClusterManifests.build(spec, dev.nodeless.bootstrap.ClusterFacts.planned(spec),
                r -> List.of());
        return type.cast(all.stream().filter(o -> o.getMetadata().getName().equals(dev.nodeless.spec.ResourceNames.BUFFER_NAME)
                && !o.getKind().equals("PriorityClass") && !o.getKind().equals("PodTemplate")).findFirst().orElseThrow());
    }

    @Test
    void createOnlyReplicas_firstRun_getAbsent_thenPostWithReplicas_thenApplyWithout() throws Exception {
        Deployment buffer = bufferOf("pause-pods", Deployment.class);
        assertThat(buffer.getSpec().getReplicas()).isEqualTo(2);
        server.expect().get().withPath(BUFFER_PATH).andReturn(404, notFound()).once();
        server.expect().post().withPath(BUFFER_CREATE).andReturn(201, withVersion(buffer, "40")).once();
        server.expect().patch().withPath(BUFFER_PATH + SSA).andReturn(200, withVersion(buffer, "41")).once();

        ApplyReport report = applier().apply(List.of(buffer));

        assertThat(report.objects()).containsExactly(new ApplyReport.Applied("Deployment nodeless/pause-pods", ApplyReport.Change.CREATED));
        List<RecordedRequest> requests = KubeMocks.drain(server);
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath())
                .containsExactly("GET " + BUFFER_PATH, "POST " + BUFFER_CREATE, "PATCH " + BUFFER_PATH + SSA);
        Deployment created = JSON.unmarshal(requests.get(1).getUtf8Body(), Deployment.class);
        assertThat(created).as("the create carries the whole object, baseline replicas included").isEqualTo(buffer);
        RecordedRequest apply = requests.get(2);
        assertThat(apply.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        Deployment applied = JSON.unmarshal(apply.getUtf8Body(), Deployment.class);
        assertThat(applied.getSpec().getReplicas()).as("replicas never in the applied body").isNull();
        assertThat(apply.getUtf8Body()).doesNotContain("\"replicas\"");
        assertThat(applied.getSpec().getTemplate()).isEqualTo(buffer.getSpec().getTemplate());
        assertThat(applied.getMetadata().getAnnotations()).containsEntry("nodeless.dev/create-only-fields", "spec.replicas");
    }

    @Test
    void createOnlyReplicas_reRun_noPost_andApplyStillWithoutReplicas() throws Exception {
        Deployment buffer = bufferOf("pause-pods", Deployment.class);
        Deployment live = withVersion(buffer, "77");
        live.getSpec().setReplicas(7); // the maintenance loop grew it
        server.expect().get().withPath(BUFFER_PATH).andReturn(200, live).once();
        server.expect().patch().withPath(BUFFER_PATH + SSA).andReturn(200, live).once();

        ApplyReport report = applier().apply(List.of(buffer));

        assertThat(report.objects()).containsExactly(new ApplyReport.Applied("Deployment nodeless/pause-pods", ApplyReport.Change.UNCHANGED));
        List<RecordedRequest> requests = KubeMocks.drain(server);
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + BUFFER_PATH, "PATCH " + BUFFER_PATH + SSA);
        assertThat(JSON.unmarshal(requests.get(1).getUtf8Body(), Deployment.class).getSpec().getReplicas()).isNull();
    }

    @Test
    void createOnlyReplicas_createdBySomeoneElseBetweenReadAndCreate_409AlreadyExists_isFine_andReadAgain() throws Exception {
        Deployment buffer = bufferOf("pause-pods", Deployment.class);
        server.expect().get().withPath(BUFFER_PATH).andReturn(404, notFound()).once();
        server.expect().post().withPath(BUFFER_CREATE).andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409)
                .withReason("AlreadyExists").withMessage("deployments.apps \"pause-pods\" already exists").build()).once();
        server.expect().get().withPath(BUFFER_PATH).andReturn(200, withVersion(buffer, "12")).once();
        server.expect().patch().withPath(BUFFER_PATH + SSA).andReturn(200, withVersion(buffer, "12")).once();

        ApplyReport report = applier().apply(List.of(buffer));

        assertThat(report.objects()).containsExactly(new ApplyReport.Applied("Deployment nodeless/pause-pods", ApplyReport.Change.UNCHANGED));
        assertThat(KubeMocks.drain(server)).extracting(RecordedRequest::getMethod).containsExactly("GET", "POST", "GET", "PATCH");
    }

    @Test
    void createOnlyReplicas_createFailing_isClassified_andNothingIsApplied() throws Exception {
        Deployment buffer = bufferOf("pause-pods", Deployment.class);
        server.expect().get().withPath(BUFFER_PATH).andReturn(404, notFound()).always();
        server.expect().post().withPath(BUFFER_CREATE).andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409)
                .withReason("Conflict").withMessage("operation cannot be fulfilled").build()).once();
        server.expect().post().withPath(BUFFER_CREATE).andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                .withReason("Forbidden").withMessage("namespace nodeless is being terminated").build()).once();

        assertThatThrownBy(() -> applier().apply(List.of(buffer)))
                .isInstanceOf(RetryableKubeException.class).hasMessageContaining("creating Deployment nodeless/pause-pods").hasMessageContaining("HTTP 409");
        assertThatThrownBy(() -> applier().apply(List.of(buffer)))
                .isInstanceOf(KubeRejectedException.class).hasMessageContaining("creating Deployment nodeless/pause-pods").hasMessageContaining("being terminated");
        assertThat(KubeMocks.drain(server)).extracting(RecordedRequest::getMethod).doesNotContain("PATCH");
    }

    @Test
    void createOnlyReplicas_capacityBuffer_isPostedToItsCollectionFromTheCrd_andAppliedWithoutReplicas() throws Exception {
        var buffer = bufferOf("capacity-buffer", io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        String path = "/apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods";
        server.expect().get().withPath("/apis/autoscaling.x-k8s.io/v1beta1").andReturn(200, new io.fabric8.kubernetes.api.model.APIResourceListBuilder()
                .withGroupVersion("autoscaling.x-k8s.io/v1beta1")
                .addNewResource().withName("capacitybuffers").withKind("CapacityBuffer").withNamespaced(true).endResource().build()).once();
        server.expect().get().withPath(path).andReturn(404, notFound()).once();
        server.expect().post().withPath("/apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers?fieldManager=nodeless")
                .andReturn(201, withVersion(buffer, "3")).once();
        server.expect().patch().withPath(path + SSA).andReturn(200, withVersion(buffer, "4")).once();

        ApplyReport report = applier().apply(List.<HasMetadata>of(buffer));

        assertThat(report.objects()).containsExactly(new ApplyReport.Applied("CapacityBuffer nodeless/pause-pods", ApplyReport.Change.CREATED));
        List<RecordedRequest> writes = KubeMocks.drain(server).stream().filter(r -> !r.getMethod().equals("GET")).toList();
        var created = JSON.unmarshal(writes.get(0).getUtf8Body(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        var applied = JSON.unmarshal(writes.get(1).getUtf8Body(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        assertThat(created.<Object>get("spec", "replicas")).isEqualTo(2);
        assertThat(applied.<Map<String, Object>>get("spec")).isEqualTo(Map.of("podTemplateRef", Map.of("name", "pause-pods")));
    }

    @Test
    void createOnlyAnnotation_thatCannotBeHonoured_isRejectedBeforeAnyWrite() throws Exception {
        Deployment noReplicas = bufferOf("pause-pods", Deployment.class);
        noReplicas.getSpec().setReplicas(null);
        Deployment badPaths = new DeploymentBuilder(bufferOf("pause-pods", Deployment.class)).editMetadata().withName("other")
                .addToAnnotations("nodeless.dev/create-only-fields", "metadata.labels, spec..x,").endMetadata().build();

        assertThatThrownBy(() -> applier().apply(List.of(noReplicas, badPaths)))
                .isInstanceOf(KubeRejectedException.class)
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("Deployment nodeless/pause-pods: nodeless.dev/create-only-fields 'spec.replicas' is not set in the object")
                .hasMessageContaining("Deployment nodeless/other: nodeless.dev/create-only-fields 'metadata.labels' points into metadata")
                .hasMessageContaining("'spec..x' is not a dot-separated field path")
                .hasMessageContaining("'' is not a dot-separated field path");
        assertThat(KubeMocks.drain(server)).isEmpty();
    }

    private static ServiceAccount serviceAccount() {
        return new ServiceAccountBuilder().withNewMetadata().withName("karpenter").withNamespace("karpenter")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "nodeless"))
                .withAnnotations(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/nodeless/nodeless-demo-karpenter"))
                .endMetadata().build();
    }

    private static <T extends HasMetadata> T withVersion(T o, String rv) {
        T copy = JSON.clone(o);
        copy.getMetadata().setResourceVersion(rv);
        return copy;
    }

    private static io.fabric8.kubernetes.api.model.Status notFound() {
        return new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound").build();
    }

    private static RecordedRequest onlyPatch(List<RecordedRequest> requests) {
        List<RecordedRequest> patches = requests.stream().filter(r -> r.getMethod().equals("PATCH")).toList();
        assertThat(patches).hasSize(1);
        return patches.get(0);
    }

    private static int lastIndexOf(List<RecordedRequest> requests, String method, String path) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).getMethod().equals(method) && requests.get(i).getPath().equals(path)) return i;
        }
        return -1;
    }
}
