package dev.nodeless.buffer;

import static dev.nodeless.testing.KubeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.KubeHttp;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.kube.emulator.KubeEmulator.Fault;
import dev.nodeless.spec.ResourceNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffer service end to end on the Kubernetes emulator: idempotence, concurrency, injected API faults. */
class BufferServiceTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    static final BufferPolicy RUNBOOK = new BufferPolicy(2, 500, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30));

    final KubeEmulator kube = new KubeEmulator();
    final MutableClock clock = new MutableClock(T0);
    final BufferService service = new BufferService(clock);

    @AfterEach
    void close() {
        kube.close();
    }

    ClusterApi api(KubeRest client) {
        return new KubeClusterApi(client, KubeClusterApi.Backend.PAUSE_PODS, clock);
    }

    int replicas() {
        return kube.client().apps().deployments().inNamespace(ResourceNames.BUFFER_NAMESPACE).withName(ResourceNames.BUFFER_NAME).get().getSpec().getReplicas();
    }

    @Test
    void rebalance_growsBufferByTheRequestsItWillDisplace_marksNodeAndRecordsEvent() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5); // 5 x 500m + a DaemonSet pod
        BufferChange c = service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "rebalance", T0.plusSeconds(120),
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));
        assertThat(c.action()).isEqualTo("grow");
        assertThat(c.replicasBefore()).isEqualTo(2);
        assertThat(c.replicasAfter()).isEqualTo(5); // 2 + ceil(2500m / 1000m)
        assertThat(c.atRisk()).containsExactly("n1");
        assertThat(replicas()).isEqualTo(5);
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.client().events().v1().events().inNamespace("nodeless").list().getItems()).singleElement()
                .satisfies(e -> assertThat(e.getNote()).startsWith("rebalance: replicas 2 -> 5"));
    }

    @Test
    void spotWarning_marksAndLabelsTheNode_butBuysNoRoom_karpenterDrainsItAtTheSameMessage() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);
        BufferChange c = service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "spot-interruption", T0.plusSeconds(120),
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));
        assertThat(c.action()).isEqualTo("none");
        assertThat(c.atRisk()).containsExactly("n1");
        assertThat(c.reason()).contains("(1 drained by Karpenter: no room bought)");
        assertThat(replicas()).isEqualTo(2);
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.client().events().v1().events().inNamespace("nodeless").list().getItems()).isEmpty();
    }

    @Test
    void sameEventTenTimes_oneGrowThenNone() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 4);
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            actions.add(service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "rebalance", T0.plusSeconds(120),
                    List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1"))).action());
        }
        assertThat(actions).containsExactly("grow", "none", "none", "none", "none", "none", "none", "none", "none", "none");
        assertThat(replicas()).isEqualTo(4);
        assertThat(kube.client().events().v1().events().inNamespace("nodeless").list().getItems()).hasSize(1);
        assertThat(kube.requests()).filteredOn(r -> r.startsWith("PUT /apis/apps/v1/namespaces/nodeless/deployments")).hasSize(1);
    }

    @Test
    void fiftyConcurrentEventsForFiftyNodes_endAtExactReplicas() throws Exception {
        kube.client().resource(pausePods(2)).create();
        for (int i = 0; i < 50; i++) nodeWithPods(kube.client(), "n" + i, String.format("i-0%016x", i), "eu-west-1" + "abc".charAt(i % 3), 3);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BufferChange>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                int n = i;
                KubeRest own = kube.rest(KubeClients.Options.DEFAULT); // one Lambda invocation each
                results.add(pool.submit(() -> {
                    start.await();
                    return service.markAtRisk("demo", api(own), RUNBOOK, "rebalance", T0.plusSeconds(120),
                            List.of(new BufferService.Target("n" + n, String.format("i-0%016x", n))));
                }));
            }
            start.countDown();
            for (Future<BufferChange> f : results) f.get();
        } finally {
            pool.shutdownNow();
        }
        // 50 nodes x 3 x 500m = 75 CPU -> 2 + 75 replicas, without waiting for any reconcile
        assertThat(replicas()).isEqualTo(77);
        ClusterApi.BufferState s = api(kube.rest()).readBuffer();
        assertThat(s.ledger().atRisk()).hasSize(50);
        assertThat(kube.requests()).filteredOn(r -> r.startsWith("PUT /apis/apps/v1")).hasSizeGreaterThanOrEqualTo(50);
        // The point of the test: writes really raced. Conflicts (409 on the resourceVersion precondition) happened and
        // were re-read and re-decided; without them the exact count above would prove nothing.
        assertThat(kube.answers()).filteredOn(a -> a.startsWith("409 PUT /apis/apps/v1")).isNotEmpty();
    }

    @Test
    void injectedApiFaults_convergeAndLoseNothing() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 4);
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 2);
        // the client retries 5xx/429 with backoff; a 409 is re-read and re-decided; a timeout fails the attempt
        kube.inject(Fault.status(r -> r.startsWith("GET /api/v1/pods"), 500));
        kube.inject(Fault.status(r -> r.startsWith("GET /apis/apps/v1"), 429));
        kube.inject(Fault.status(r -> r.startsWith("PUT /apis/apps/v1"), 409));
        kube.inject(Fault.status(r -> r.startsWith("PATCH /api/v1/nodes"), 503));
        KubeRest impatient = new KubeRest(new KubeHttp(kube.url(), null, null, Duration.ofMillis(300)), 3, Duration.ofMillis(10), kube.url());
        List<BufferService.Target> n1 = List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1"));
        BufferChange first = service.markAtRisk("demo", api(impatient), RUNBOOK, "rebalance", T0, n1);
        assertThat(first.replicasAfter()).isEqualTo(4);

        kube.inject(Fault.delay(r -> r.startsWith("PUT /apis/apps/v1"), Duration.ofMillis(1500)));
        List<BufferService.Target> n2 = List.of(new BufferService.Target("n2", "i-0aaaaaaaaaaaaaaa2"));
        BufferChange retried = null;
        for (int attempt = 0; attempt < 3 && retried == null; attempt++) {
            try {
                retried = service.markAtRisk("demo", api(impatient), RUNBOOK, "rebalance", T0, n2);
            } catch (RuntimeException timeout) {
                // what Step Functions' Retry does with a failed task: run the idempotent step again
            }
        }
        assertThat(retried).isNotNull();
        assertThat(replicas()).isEqualTo(2 + 2 + 1); // n1 2 CPU + n2 1 CPU, each counted once
        assertThat(api(kube.rest()).readBuffer().ledger().atRisk()).containsOnlyKeys("n1", "n2");
        assertThat(kube.requests()).filteredOn(r -> r.startsWith("PUT /apis/apps/v1")).hasSizeGreaterThanOrEqualTo(3);
        // Every injected fault fired (else the convergence above proved nothing about faults).
        assertThat(kube.answers()).filteredOn(a -> a.endsWith("(injected)")).extracting(a -> a.substring(0, a.indexOf(' ')))
                .contains("500", "429", "409", "503", "delay");
        impatient.close();
    }

    @Test
    void reconcile_forecastsExpiryWithinLookahead_thenShrinksAfterNodesGoneAndCooldown() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 4);
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 4);
        kube.client().resource(nodeClaim("default-a", "n1", "i-0aaaaaaaaaaaaaaa1", T0.minus(Duration.ofHours(719).plusMinutes(40)), "720h")).create();
        kube.client().resource(nodeClaim("default-b", "n2", "i-0aaaaaaaaaaaaaaa2", T0, "720h")).create();

        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).isPresent();
        assertThat(replicas()).as("a dry run writes nothing").isEqualTo(2);
        BufferChange grow = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(grow.action()).isEqualTo("grow");
        assertThat(grow.atRisk()).containsExactly("n1"); // n1 expires in 20 min (< 30 min look-ahead); n2 in 30 days
        assertThat(replicas()).isEqualTo(4);
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).as("steady forecast is no change").isEmpty();

        kube.client().nodes().withName("n1").delete();
        clock.advance(Duration.ofMinutes(25));
        BufferChange cleared = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(cleared.action()).isEqualTo("none");
        assertThat(cleared.reason()).contains("cool-down");
        assertThat(replicas()).isEqualTo(4);
        clock.advance(Duration.ofMinutes(10));
        BufferChange shrink = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(shrink.action()).isEqualTo("shrink");
        assertThat(replicas()).isEqualTo(2);
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).isEmpty();
    }

    @Test
    void reconcile_driftWave_marksWhatTheBudgetLetsKarpenterReplace_waveByWave_thenShrinks() {
        kube.client().resource(pausePods(2)).create();
        kube.client().resource(nodePoolWithBudgets("default", List.of(java.util.Map.of("nodes", "40%")))).create();
        for (int i = 1; i <= 5; i++) {
            String id = "i-0aaaaaaaaaaaaaaa" + i;
            nodeWithPods(kube.client(), "n" + i, id, "eu-west-1a", 4); // 2 CPU of workload each
            // a control-plane upgrade drifted all five, n5 first, n1 last
            kube.client().resource(driftedNodeClaim("default-" + i, "n" + i, id, "default", T0.minus(Duration.ofDays(2)),
                    T0.minusSeconds(60L * i), false)).create();
        }

        BufferChange first = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        // 40 % of 5 nodes = 2 at once (rounded up): the two drifted longest, n5 and n4; 2 + 4 CPU / 1 CPU per buffer pod
        assertThat(first.action()).isEqualTo("grow");
        assertThat(first.atRisk()).containsExactly("n4", "n5");
        assertThat(replicas()).isEqualTo(6);
        assertThat(kube.client().nodes().withName("n5").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).doesNotContainKey(ResourceNames.AT_RISK_LABEL);
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).as("a steady wave is no change").isEmpty();

        // Karpenter replaced n5 and n4 with nodes of the new version: the next wave is n3 and n2.
        replaceDrifted(4, 5);
        clock.advance(Duration.ofMinutes(5));
        BufferChange second = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(second.atRisk()).containsExactly("n2", "n3");
        assertThat(replicas()).isEqualTo(6);

        replaceDrifted(2, 3);
        clock.advance(Duration.ofMinutes(5));
        assertThat(service.reconcile("demo", api(kube.rest()), RUNBOOK).atRisk()).containsExactly("n1");
        replaceDrifted(1);
        clock.advance(Duration.ofMinutes(5));
        BufferChange after = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(after.atRisk()).isEmpty();
        assertThat(after.reason()).contains("cool-down");
        clock.advance(Duration.ofMinutes(11));
        assertThat(service.reconcile("demo", api(kube.rest()), RUNBOOK).action()).isEqualTo("shrink");
        assertThat(replicas()).isEqualTo(2);
    }

    /** What Karpenter does to a drifted node: a new node of the new version takes its pods, then the old one goes. */
    private void replaceDrifted(int... numbers) {
        for (int i : numbers) {
            kube.client().nodes().withName("n" + i).delete();
            kube.client().genericKubernetesResources("karpenter.sh/v1", "NodeClaim").withName("default-" + i).delete();
            String id = "i-0bbbbbbbbbbbbbbb" + i;
            nodeWithPods(kube.client(), "new" + i, id, "eu-west-1b", 0);
            kube.client().resource(driftedNodeClaim("default-new" + i, "new" + i, id, "default", clock.instant(), null, false)).create();
        }
    }

    @Test
    void reconcile_dropsAStaleRebalanceMarkAndUnlabelsTheNode() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 2);
        service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "rebalance", null, List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));
        assertThat(replicas()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(41)); // look-ahead 30 + cool-down 10: the interruption never came
        kube.clearRequests();
        BufferChange c = service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(c.atRisk()).isEmpty();
        assertThat(kube.requests()).as("the marks to clear come from the read the write was based on")
                .filteredOn(r -> r.startsWith("GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods")).hasSize(1);
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).doesNotContainEntry(ResourceNames.AT_RISK_LABEL, "true");
    }

    @Test
    void reconcile_removesAnAtRiskLabelThatNoLedgerEntryHolds_andTheDryRunSeesIt() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 2);
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 2);
        // a sizeBuffer that labelled n2 and then had its ledger write refused (403, timeout): the label alone is left
        api(kube.rest()).labelAtRisk("n2", true);
        service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "rebalance", T0.plusSeconds(120),
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));

        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).as("a stray label is a reason to reconcile").isPresent();
        service.reconcile("demo", api(kube.rest()), RUNBOOK);

        // (the CRUD mock keeps a merge-patched null as null; a real API server removes the key)
        assertThat(kube.client().nodes().withName("n2").get().getMetadata().getLabels()).doesNotContainEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).as("nothing left to do").isEmpty();

        // a node the ledger holds but whose label is gone (a mark that raced a reconcile): labelled again
        api(kube.rest()).labelAtRisk("n1", false);
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).as("a missing label is a reason to reconcile").isPresent();
        service.reconcile("demo", api(kube.rest()), RUNBOOK);
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).isEmpty();
    }

    /**
     * The step is retried after its write committed (the Event failed, the Lambda timed out, the answer was lost): the
     * retry reports the change its first attempt made, and the change has exactly one Event.
     */
    @Test
    void retryAfterTheWriteCommitted_reportsTheChange_andItsEventExistsOnce() {
        kube.client().resource(pausePods(2)).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 4);
        List<BufferService.Target> n1 = List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1"));
        kube.inject(Fault.status(r -> r.startsWith("POST /apis/events.k8s.io/v1"), 500));
        KubeRest noRetry = kube.rest(new KubeClients.Options(KubeClients.Options.DEFAULT.requestTimeout(), 0));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.markAtRisk("demo", api(noRetry), RUNBOOK, "rebalance", T0, n1, "rebalance/ev-1"))
                .as("the Event failed after the write committed");
        assertThat(replicas()).isEqualTo(4);
        assertThat(kube.client().events().v1().events().inNamespace("nodeless").list().getItems()).isEmpty();

        BufferChange retried = service.markAtRisk("demo", api(noRetry), RUNBOOK, "rebalance", T0, n1, "rebalance/ev-1");
        BufferChange again = service.markAtRisk("demo", api(noRetry), RUNBOOK, "rebalance", T0, n1, "rebalance/ev-1");

        for (BufferChange c : List.of(retried, again)) {
            assertThat(c.action()).as("nothing changes now").isEqualTo("none");
            assertThat(c.replicasAfter()).isEqualTo(4);
            assertThat(c.reason()).as("the output still names the change this event made")
                    .startsWith("no change now; this event's change (grow 2 -> 4: ").endsWith(") was applied by an earlier attempt and is recorded");
        }
        assertThat(kube.client().events().v1().events().inNamespace("nodeless").list().getItems()).singleElement()
                .satisfies(e -> assertThat(e.getNote()).startsWith("rebalance: replicas 2 -> 4"));
        BufferChange otherEvent = service.markAtRisk("demo", api(noRetry), RUNBOOK, "rebalance", T0, n1, "rebalance/ev-2");
        assertThat(otherEvent.action()).as("another event for the same node is a duplicate, not the same change").isEqualTo("none");
        noRetry.close();
    }

    @Test
    void growIsLimitedByWhatTheNodePoolLimitsLeave() {
        kube.client().resource(pausePods(2)).create();
        kube.client().resource(nodePool("default", "20", "17")).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 20);
        BufferChange c = service.markAtRisk("demo", api(kube.rest()), RUNBOOK, "rebalance", T0,
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));
        assertThat(c.replicasAfter()).isEqualTo(5); // wanted 12, but only 3 more 1-CPU chunks fit
    }

    @Test
    void scheduledReconcile_growsWhenAWindowStarts_andShrinksACooldownAfterItEnds() {
        BufferPolicy scheduled = new BufferPolicy(2, 500, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30),
                new BaselineSchedule(List.of(BaselineSchedule.Window.of(List.of("Fri"), "10:00", "11:00", "UTC", 5))));
        kube.client().resource(pausePods(2)).create();
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), scheduled)).as("09:30, before the window").isEmpty();

        clock.advance(Duration.ofMinutes(32));
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), scheduled)).isPresent();
        BufferChange grow = service.reconcile("demo", api(kube.rest()), scheduled);
        assertThat(grow.action()).isEqualTo("grow");
        assertThat(grow.reason()).endsWith("baseline 5 (schedule Fri 10:00-11:00 UTC)");
        assertThat(replicas()).isEqualTo(5);
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), scheduled)).as("steady inside the window").isEmpty();

        clock.advance(Duration.ofMinutes(60)); // 11:02, the window ended at 11:00
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), scheduled)).as("the surplus start is recorded").isPresent();
        assertThat(service.reconcile("demo", api(kube.rest()), scheduled).action()).isEqualTo("none");
        assertThat(replicas()).isEqualTo(5);
        clock.advance(Duration.ofMinutes(5));
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), scheduled)).as("11:07, cool-down until 11:10").isEmpty();
        clock.advance(Duration.ofMinutes(3));
        BufferChange shrink = service.reconcile("demo", api(kube.rest()), scheduled);
        assertThat(shrink.action()).isEqualTo("shrink");
        assertThat(replicas()).isEqualTo(2);
    }

    static final BufferPolicy HALF_OF_REQUESTS = new BufferPolicy(2, 500, Resources.of("1", "1Gi"), Duration.ofMinutes(10),
            Duration.ofMinutes(30), BaselineSchedule.NONE, 50);

    /** 20 workload pods of 500m/512Mi (10 cores, 10Gi), and what must not count: a DaemonSet, buffer and finished pods. */
    void clusterWithTenCoresOfWorkload() {
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 12);
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 8);
        for (int i = 0; i < 6; i++) kube.client().pods().resource(bufferPod("pause-pods-" + i, "n2")).create();
        io.fabric8.kubernetes.api.model.Pod done = pod("shop", "migrate-db", "n2", "4", "4Gi");
        done.getStatus().setPhase("Succeeded");
        kube.client().pods().resource(done).create();
    }

    static boolean fullPodList(String request) {
        return request.startsWith("GET /api/v1/pods") && !request.contains("fieldSelector=spec.nodeName");
    }

    @Test
    void reconcile_measuresTheShareWithAPagedPodList_thenTheEventPathUsesItWithoutListingAllPods() {
        kube.client().resource(pausePods(2)).create();
        clusterWithTenCoresOfWorkload();
        kube.clearRequests();

        assertThat(service.reconcileNeeded("demo", api(kube.rest()), HALF_OF_REQUESTS)).as("the share is above the baseline").isPresent();
        BufferChange grow = service.reconcile("demo", api(kube.rest()), HALF_OF_REQUESTS);

        assertThat(grow.action()).isEqualTo("grow");
        assertThat(grow.replicasAfter()).as("50% of 10 cores / 10Gi, without DaemonSet, buffer or finished pods").isEqualTo(5);
        assertThat(grow.reason()).endsWith("baseline 5 (50% of requests cpu 10, memory 10Gi)");
        assertThat(replicas()).isEqualTo(5);
        assertThat(kube.requests()).filteredOn(BufferServiceTest::fullPodList).containsOnly("GET /api/v1/pods?limit=500");
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), HALF_OF_REQUESTS)).as("a steady share is no change").isEmpty();

        kube.clearRequests();
        BufferChange event = service.markAtRisk("demo", api(kube.rest()), HALF_OF_REQUESTS, "rebalance", T0.plusSeconds(120),
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));

        assertThat(event.replicasAfter()).as("the stored share 5 + ceil(6 cores displaced)").isEqualTo(11);
        assertThat(event.reason()).contains("baseline 5 (50% of requests)");
        assertThat(kube.requests()).noneMatch(BufferServiceTest::fullPodList)
                .contains("GET /api/v1/pods?fieldSelector=spec.nodeName=n1");
    }

    @Test
    void reconcile_shareThatFell_isStoredAtOnce_andShrinksACooldownLater() {
        kube.client().resource(pausePods(2)).create();
        clusterWithTenCoresOfWorkload();
        service.markAtRisk("demo", api(kube.rest()), HALF_OF_REQUESTS, "rebalance", null,
                List.of(new BufferService.Target("gone", "i-0aaaaaaaaaaaaaaa9")));
        service.reconcile("demo", api(kube.rest()), HALF_OF_REQUESTS);
        assertThat(replicas()).isEqualTo(5);
        clock.advance(Duration.ofHours(2)); // the last at-risk node went two hours ago: no old surplus may shrink at once
        service.reconcile("demo", api(kube.rest()), HALF_OF_REQUESTS);
        assertThat(replicas()).isEqualTo(5);

        for (int i = 0; i < 12; i++) kube.client().pods().inNamespace("shop").withName("n1-web-" + i).delete();
        clock.advance(Duration.ofMinutes(1));
        BufferChange hold = service.reconcile("demo", api(kube.rest()), HALF_OF_REQUESTS);
        assertThat(hold.action()).isEqualTo("none");
        assertThat(hold.written()).as("the lower share and the surplus start are stored").isTrue();
        assertThat(replicas()).isEqualTo(5);

        clock.advance(Duration.ofMinutes(5));
        assertThat(service.reconcileNeeded("demo", api(kube.rest()), HALF_OF_REQUESTS)).as("inside the cool-down").isEmpty();
        clock.advance(Duration.ofMinutes(5));
        BufferChange shrink = service.reconcile("demo", api(kube.rest()), HALF_OF_REQUESTS);
        assertThat(shrink.action()).isEqualTo("shrink");
        assertThat(shrink.replicasAfter()).as("50% of 4 cores / 4Gi").isEqualTo(2);
        assertThat(replicas()).isEqualTo(2);
    }

    @Test
    void reconcile_withoutAShare_listsNoPods() {
        kube.client().resource(pausePods(2)).create();
        clusterWithTenCoresOfWorkload();
        kube.clearRequests();

        assertThat(service.reconcileNeeded("demo", api(kube.rest()), RUNBOOK)).isEmpty();
        service.reconcile("demo", api(kube.rest()), RUNBOOK);

        assertThat(kube.requests()).noneMatch(r -> r.startsWith("GET /api/v1/pods"));
        assertThat(replicas()).isEqualTo(2);
    }

    /** A clock the test steps (Karpenter's fake clock idea). */
    static final class MutableClock extends Clock {
        private volatile Instant now;
        MutableClock(Instant now) { this.now = now; }
        void advance(Duration d) { now = now.plus(d); }
        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }
}
