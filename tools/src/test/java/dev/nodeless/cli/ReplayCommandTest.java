package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.testing.EventVariants;
import dev.nodeless.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline replay on the files in events/, through Main as an operator runs it. */
class ReplayCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    List<JsonNode> replay(String... events) throws Exception {
        return replayOn(Fixtures.eventPath("cluster-snapshot.yaml"), events);
    }

    List<JsonNode> replayOn(Path snapshot, String... events) throws Exception {
        return replayWith(Fixtures.eventPath("cluster-spec-demo.json"), snapshot, events);
    }

    List<JsonNode> replayWith(Path spec, Path snapshot, String... events) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--spec", spec.toString(),
                "--cluster", snapshot.toString()));
        args.addAll(List.of(events));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) lines.add(JSON.readTree(l));
        // Every event is reported; a rejected one (unreadable, malformed) makes the run a refusal.
        boolean rejected = lines.stream().anyMatch(l -> l.get("action").asText().equals("rejected"));
        assertThat(code).isEqualTo(rejected ? 2 : 0);
        return lines;
    }

    String ev(String name) {
        return Fixtures.eventPath(name).toString();
    }

    @Test
    void fixturesInOrder_growStepByStepOnOneEmulatedCluster_onlyForTheMarksThatBuyRoom() throws Exception {
        List<JsonNode> out = replay(ev(EventVariants.HEALTH), ev(EventVariants.REBALANCE), ev(EventVariants.STATE_CHANGE),
                ev(EventVariants.SPOT), ev(EventVariants.RECONCILE));
        assertThat(out).extracting(o -> o.get("kind").asText())
                .containsExactly("scheduled-change", "rebalance", "state-change", "spot-interruption", "reconcile");
        // Karpenter drains on a scheduled change, a state change and a spot warning itself: marked, no room bought. The
        // rebalance (2000m/4096Mi) and the reconcile's expiry forecast (+1000m/1024Mi) buy room, in 1 CPU / 1Gi chunks.
        assertThat(out).extracting(o -> o.get("action").asText()).containsExactly("none", "grow", "none", "none", "grow");
        assertThat(out).extracting(o -> o.get("replicasAfter").asInt()).containsExactly(2, 6, 6, 6, 7);
        JsonNode spot = out.get(3);
        assertThat(spot.get("eventId").asText()).isEqualTo("7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
        assertThat(spot.get("cluster").asText()).isEqualTo("demo");
        assertThat(spot.get("instanceId").asText()).isEqualTo("i-0f1e2d3c4b5a69788");
        assertThat(spot.get("node").asText()).isEqualTo("ip-10-0-1-17.eu-west-1.compute.internal");
        assertThat(spot.get("replicasBefore").asInt()).isEqualTo(6);
        assertThat(spot.get("reason").asText()).isEqualTo("unchanged: 4 node(s) at risk (3 drained by Karpenter: no room bought), demand 2000m/4096Mi");
        // the Job pod (Succeeded), DaemonSet and pause pods on at-risk nodes did not count
    }

    /** The snapshot's pool "default" with a buffer of its own: a rebalance recommendation grows that buffer, named on its line. */
    @Test
    void nodePoolWithItsOwnBuffer_growsThatBuffer_andTheLineNamesIt() throws Exception {
        ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(Fixtures.eventPath("cluster-spec-demo.json")));
        ((ObjectNode) spec.with("karpenter")).set("nodePools", JSON.readTree(
                "[{\"name\": \"default\", \"buffer\": {\"baselineReplicas\": 1}}, {\"name\": \"gpu\", \"instanceFamilies\": [\"g5\"]}]"));
        Path pools = tmp.resolve("pools.json");
        Files.writeString(pools, spec.toString());

        Path rebalance = Files.writeString(tmp.resolve("rebalance.json"), EventVariants.forInstance(EventVariants.REBALANCE, "i-0f1e2d3c4b5a69788"));
        List<JsonNode> out = replayWith(pools, Fixtures.eventPath("cluster-snapshot.yaml"), rebalance.toString());

        assertThat(out).singleElement().satisfies(l -> {
            assertThat(l.get("buffer").asText()).isEqualTo("pause-pods-default");
            assertThat(l.get("action").asText()).isEqualTo("grow");
            assertThat(l.get("replicasBefore").asInt()).isEqualTo(1);
            assertThat(l.get("node").asText()).isEqualTo("ip-10-0-1-17.eu-west-1.compute.internal");
        });
    }

    @Test
    void duplicate_foreign_malformed_and_nonActionable_changeNothingWithReasons() throws Exception {
        Path foreign = Files.writeString(tmp.resolve("foreign.json"), EventVariants.forInstance(EventVariants.SPOT, "i-0fffffffffffffff0"));
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"id\": \"x\",");
        Path running = Files.writeString(tmp.resolve("running.json"), EventVariants.variant(EventVariants.STATE_CHANGE,
                e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("state", "running")));
        List<JsonNode> out = replay(ev(EventVariants.REBALANCE), ev(EventVariants.REBALANCE), foreign.toString(), broken.toString(),
                running.toString(), tmp.resolve("missing.json").toString());
        assertThat(out).extracting(o -> o.get("action").asText()).containsExactly("grow", "none", "ignored", "rejected", "ignored", "rejected");
        assertThat(out.subList(1, 6)).allSatisfy(o -> assertThat(o.get("replicasAfter").asInt()).isEqualTo(6));
        assertThat(out.get(2).get("reason").asText()).isEqualTo("i-0fffffffffffffff0: no such instance");
        assertThat(out.get(3).get("reason").asText()).startsWith("event is not valid JSON");
        assertThat(out.get(4).get("reason").asText()).contains("'running' is not a disruption");
        assertThat(out.get(5).get("reason").asText()).startsWith("cannot read");
    }

    @Test
    void snapshotWithoutTheBuffer_getsTheBootstrapsBufferAtBaseline_thenGrows() throws Exception {
        var list = (io.fabric8.kubernetes.api.model.KubernetesList) io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                Files.readString(Fixtures.eventPath("cluster-snapshot.yaml")));
        list.getItems().removeIf(o -> "Deployment".equals(o.getKind()) && "pause-pods".equals(o.getMetadata().getName()));
        Path withoutBuffer = Files.writeString(tmp.resolve("no-buffer.yaml"), io.fabric8.kubernetes.client.utils.Serialization.asYaml(list));

        List<JsonNode> out = replayOn(withoutBuffer, ev(EventVariants.REBALANCE));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).get("action").asText()).isEqualTo("grow");
        assertThat(out.get(0).get("replicasBefore").asInt()).as("the spec's baseline").isEqualTo(2);
    }

    /**
     * A snapshot taken right after a control-plane upgrade: every NodeClaim is Drifted=True (as Karpenter writes the
     * condition, karpenter.sh_nodeclaims.yaml) and the NodePool allows 40 % of its nodes at once. The reconcile tick
     * forecasts the wave Karpenter starts next, as it forecasts expiry.
     */
    @Test
    void snapshotAfterAnUpgrade_reconcileForecastsTheDriftWaveTheBudgetAllows() throws Exception {
        var list = (io.fabric8.kubernetes.api.model.KubernetesList) io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                Files.readString(Fixtures.eventPath("cluster-snapshot.yaml")));
        int minute = 0;
        List<String> claimsOldestDriftFirst = new ArrayList<>();
        for (var o : list.getItems()) {
            if (!"NodeClaim".equals(o.getKind())) continue;
            var claim = (io.fabric8.kubernetes.api.model.GenericKubernetesResource) o;
            @SuppressWarnings("unchecked")
            var status = (java.util.Map<String, Object>) claim.getAdditionalProperties().get("status");
            status.put("conditions", List.of(java.util.Map.of("type", "Drifted", "status", "True", "reason", "AMIDrift", "message", "",
                    "lastTransitionTime", "2026-11-20T09:" + String.format("%02d", 10 + minute++) + ":00Z")));
            claimsOldestDriftFirst.add((String) status.get("nodeName"));
        }
        list.getItems().add(dev.nodeless.testing.KubeFixtures.nodePoolWithBudgets("default", List.of(java.util.Map.of("nodes", "40%"))));
        Path drifted = Files.writeString(tmp.resolve("drifted.yaml"), io.fabric8.kubernetes.client.utils.Serialization.asYaml(list));

        JsonNode plain = replay(ev(EventVariants.RECONCILE)).get(0);
        JsonNode out = replayOn(drifted, ev(EventVariants.RECONCILE)).get(0);

        // Without drift the tick sees one expiring node; with it, also the two drifted longest (40 % of 5, rounded up):
        // ip-10-0-1-17 and ip-10-0-2-34 with 2 CPU each, on top of the expiring one.
        assertThat(plain.get("reason").asText()).isEqualTo("grow: 1 node(s) at risk, demand 1000m/1024Mi");
        assertThat(claimsOldestDriftFirst.subList(0, 2)).containsExactly("ip-10-0-1-17.eu-west-1.compute.internal",
                "ip-10-0-2-34.eu-west-1.compute.internal");
        assertThat(out.get("action").asText()).isEqualTo("grow");
        assertThat(out.get("reason").asText()).isEqualTo("grow: 3 node(s) at risk, demand 5000m/8192Mi");
        assertThat(out.get("replicasAfter").asInt()).isEqualTo(10);
    }

    @Test
    void badUsage_exitsTwo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"replay", "--spec", "x.json"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: nodeless replay");
        assertThat(Main.run(new String[] {"replay", "--spec", ev("cluster-spec-demo.json"), "--cluster", ev("cluster-snapshot.yaml"),
                "--now", "yesterday", ev(EventVariants.SPOT)}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--now must be an RFC 3339 time");
    }
}
