package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.testing.Reference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code nodeless plan} in-process through {@link Main#run}, as the launcher does. */
class PlanCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int plan(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "plan";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runbookSpec_writesPlanJsonAndOneFilePerObjectInApplyOrder() throws Exception {
        Path outDir = tmp.resolve("out");

        int code = plan("--spec", SpecFixtures.root().resolve("events/bootstrap-input.json").toString(),
                "--out", outDir.toString(), "--charts", Reference.charts().toString());

        assertThat(code).as(stderr()).isZero();
        JsonNode plan = new ObjectMapper().readTree(outDir.resolve("plan.json").toFile());
        assertThat(plan.get("note").asText()).contains("000000000000", "vpc-PLANNED");
        assertThat(plan.at("/spec/clusterName").asText()).isEqualTo("nodeless-demo");
        assertThat(plan.at("/facts/vpcId").asText()).isEqualTo("vpc-PLANNED");
        assertThat(plan.at("/bootstrap/0/step").asText()).isEqualTo("validateSpec");
        assertThat(plan.get("bootstrap")).filteredOn(st -> st.get("step").asText().matches("ensureIamRole|ensureIrsaRole"))
                .isNotEmpty().allSatisfy(st -> assertThat(st.get("arn").asText())
                        .isEqualTo("arn:aws:iam::000000000000:role/nodeless/" + st.get("resourceName").asText()));
        assertThat(plan.at("/bootstrap/0").has("arn")).as("only IAM roles have one").isFalse();
        assertThat(plan.get("teardown").size()).isEqualTo(15);
        assertThat(plan.at("/teardown/0/target").asText()).as("the protection check comes before any change").isEqualTo("deletion-protection");
        assertThat(plan.get("bootstrap")).filteredOn(st -> st.get("step").asText().equals("ensureCluster")).extracting(st -> st.get("action").asText())
                .containsExactly("create the Secrets encryption key (rotation on) and its alias",
                        "create EKS 1.33 cluster (logs [api, audit, authenticator], Secrets key alias/nodeless/nodeless-demo, support STANDARD, "
                                + "deletion protection true), wait until ACTIVE");
        assertThat(plan.get("charts")).extracting(c -> c.get("chart").asText())
                .containsExactly("karpenter", "aws-load-balancer-controller", "external-dns");

        List<String> written = files(outDir.resolve("manifests"));
        assertThat(written).hasSize(plan.get("manifests").size());
        assertThat(written.get(0)).matches("001-customresourcedefinition-.*\\.yaml");
        assertThat(written).contains(plan.at("/manifests/0/file").asText().substring("manifests/".length()));
        String nodePoolFile = written.stream().filter(f -> f.matches("\\d{3}-nodepool-default\\.yaml")).findFirst().orElseThrow();
        assertThat(Files.readString(outDir.resolve("manifests").resolve(nodePoolFile)))
                .contains("apiVersion: \"karpenter.sh/v1\"", "consolidationPolicy: \"WhenEmptyOrUnderutilized\"", "expireAfter: \"120s\"");
        String bufferFile = written.stream().filter(f -> f.matches("\\d{3}-deployment-pause-pods\\.yaml")).findFirst().orElseThrow();
        assertThat(Files.readString(outDir.resolve("manifests").resolve(bufferFile)))
                .as("the plan shows what gets created: baseline replicas, marked as set on create only")
                .contains("replicas: 2", "nodeless.dev/create-only-fields: \"spec.replicas\"");
        JsonNode bufferEntry = plan.at("/manifests/" + written.indexOf(bufferFile));
        assertThat(bufferEntry.get("name").asText()).isEqualTo("pause-pods");
        assertThat(bufferEntry.get("createOnlyFields").asText()).isEqualTo("spec.replicas");
        assertThat(bufferEntry.get("createOnlyNote").asText()).contains("when the object is created", "maintenance loop");
        assertThat(plan.get("manifests")).filteredOn(m -> m.has("createOnlyFields")).hasSize(1);
        String secretFile = written.stream().filter(f -> f.matches("\\d{3}-secret-.*\\.yaml")).findFirst().orElseThrow();
        String secret = Files.readString(outDir.resolve("manifests").resolve(secretFile));
        assertThat(secret).as("no key material on disk").contains("tls.key: \"\"", "nodeless.dev/redacted")
                .doesNotContain("LS0t"); // base64 of "---" (PEM's "-----BEGIN"), which any unredacted key or certificate starts with
        try (Stream<Path> all = Files.walk(outDir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(text).as(f.toString()).doesNotContain("PRIVATE KEY");
                // The webhook configurations' caBundle (a public certificate) is base64 PEM: decode every such value.
                java.util.regex.Matcher b64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}").matcher(text);
                while (b64.find()) {
                    String decoded = new String(java.util.Base64.getMimeDecoder().decode(b64.group()), StandardCharsets.ISO_8859_1);
                    assertThat(decoded).as(f + " holds a base64 private key").doesNotContain("PRIVATE KEY");
                }
            }
        }
        assertThat(stdout()).contains("Plan for cluster nodeless-demo (ap-northeast-2, Kubernetes 1.33)", "applyKubernetes",
                "Kubernetes objects: " + written.size(), "Set on create only, kept on re-runs: Deployment nodeless/pause-pods spec.replicas");
    }

    @Test
    void viewers_showInTheAccessStep_andTheirReadRbacIsWritten() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode spec = SpecFixtures.sample();
        spec.putArray("viewers").add("arn:aws:iam::123456789012:role/ReadOnly");
        Path specFile = tmp.resolve("viewers.json");
        Files.writeString(specFile, spec.toString());
        Path outDir = tmp.resolve("out");

        int code = plan("--spec", specFile.toString(), "--out", outDir.toString(), "--charts", Reference.charts().toString());

        assertThat(code).as(stderr()).isZero();
        JsonNode plan = new ObjectMapper().readTree(outDir.resolve("plan.json").toFile());
        assertThat(plan.at("/spec/viewers/0").asText()).isEqualTo("arn:aws:iam::123456789012:role/ReadOnly");
        assertThat(plan.get("bootstrap")).filteredOn(st -> st.get("step").asText().equals("ensureAccessEntries")).singleElement()
                .satisfies(st -> assertThat(st.toString()).contains("1 admin(s) (cluster admin), 1 viewer(s) (view, group nodeless:viewers)"));
        List<String> written = files(outDir.resolve("manifests"));
        String role = written.stream().filter(f -> f.matches("\\d{3}-clusterrole-nodeless-viewer\\.yaml")).findFirst().orElseThrow();
        assertThat(Files.readString(outDir.resolve("manifests").resolve(role))).contains("nodeclaims", "ec2nodeclasses", "capacitybuffers");
        String binding = written.stream().filter(f -> f.matches("\\d{3}-clusterrolebinding-nodeless-viewer\\.yaml")).findFirst().orElseThrow();
        assertThat(Files.readString(outDir.resolve("manifests").resolve(binding))).contains("name: \"nodeless:viewers\"");
    }

    @Test
    void invalidSpec_exits2_listsEveryProblem_andWritesNothing() throws Exception {
        Path outDir = tmp.resolve("out");

        int code = plan("--spec", SpecFixtures.root().resolve("events/invalid-spec.json").toString(), "--out", outDir.toString(),
                "--charts", tmp.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("is not a valid cluster spec; nothing written",
                "  $.clusterName: ", "  $.region: ", "  $.buffer.maxReplicas: must be at least baselineReplicas (5), got 2",
                "  $.addons.kubeOpsView.sourceRanges: ");
        assertThat(stderr().lines().filter(l -> l.startsWith("  $.")).count()).isEqualTo(14);
        assertThat(outDir).doesNotExist();
    }

    @Test
    void unknownField_isAProblemNotAStackTrace() throws Exception {
        Path spec = tmp.resolve("spec.json");
        Files.writeString(spec, "{\"clusterName\":\"a\",\"region\":\"eu-west-1\",\"karpenter\":{\"ttlSecondsUntilExpired\":120}}");

        int code = plan("--spec", spec.toString(), "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("$.karpenter.ttlSecondsUntilExpired: unknown field").doesNotContain("Exception");
    }

    @Test
    void missingSpecFile_orBadArguments_exit2WithUsage() throws Exception {
        assertThat(plan("--spec", tmp.resolve("nope.json").toString(), "--out", tmp.toString())).isEqualTo(2);
        assertThat(stderr()).contains("spec file not found");

        assertThat(plan("--spec")).isEqualTo(2);
        assertThat(plan("--out", tmp.toString())).isEqualTo(2);
        assertThat(plan("--dry-run", "x")).isEqualTo(2);
        assertThat(stderr()).contains("unexpected argument '--dry-run'", PlanCommand.USAGE);
    }

    @Test
    void missingChartsFolder_exits2() throws Exception {
        int code = plan("--spec", SpecFixtures.root().resolve("events/bootstrap-input.json").toString(),
                "--out", tmp.resolve("out").toString(), "--charts", tmp.resolve("no-charts").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("charts folder not found");
    }

    @Test
    void chartsWithoutTheNeededVersion_exit1NamingTheChart() throws Exception {
        int code = plan("--spec", SpecFixtures.root().resolve("events/bootstrap-input.json").toString(),
                "--out", tmp.resolve("out").toString(), "--charts", tmp.toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("chart karpenter 1.14.1 not found");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void replanning_removesFilesOfThePreviousPlan() throws Exception {
        Path outDir = tmp.resolve("out");
        String charts = Reference.charts().toString();
        assertThat(plan("--spec", SpecFixtures.root().resolve("events/bootstrap-input.json").toString(), "--out", outDir.toString(), "--charts", charts)).isZero();
        int before = files(outDir.resolve("manifests")).size();
        Path small = tmp.resolve("small.json");
        Files.writeString(small, "{\"clusterName\":\"small\",\"region\":\"eu-west-1\",\"viewers\":[\"arn:aws:iam::123456789012:role/ReadOnly\"],\"addons\":{\"loadBalancerController\":{\"enabled\":false},"
                + "\"kubeOpsView\":{\"enabled\":false}}}");

        assertThat(plan("--spec", small.toString(), "--out", outDir.toString(), "--charts", charts)).isZero();

        List<String> after = files(outDir.resolve("manifests"));
        assertThat(after.size()).isLessThan(before);
        assertThat(after).noneMatch(f -> f.contains("kube-ops-view") || f.contains("aws-load-balancer-controller"));
    }

    @Test
    void planningTwice_givesIdenticalFiles_exceptTheLoadBalancerControllersGeneratedWebhookCerts() throws Exception {
        String spec = SpecFixtures.root().resolve("events/bootstrap-input.json").toString();
        String charts = Reference.charts().toString();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(plan("--spec", spec, "--out", a.toString(), "--charts", charts)).isZero();
        assertThat(plan("--spec", spec, "--out", b.toString(), "--charts", charts)).isZero();

        List<String> differing = new java.util.ArrayList<>();
        for (String f : files(a.resolve("manifests"))) {
            if (!Files.readString(a.resolve("manifests").resolve(f)).equals(Files.readString(b.resolve("manifests").resolve(f)))) differing.add(f);
        }
        assertThat(Files.readString(a.resolve("plan.json"))).isEqualTo(Files.readString(b.resolve("plan.json")));
        // The chart generates a CA and certificate at each render, as under `helm template`.
        // The Secret's values are redacted, so only the webhook configurations' public caBundle differs.
        assertThat(differing).allMatch(f -> f.contains("aws-load-balancer-webhook"));
    }

    @Test
    void withoutChartsOption_theReferenceChartsBesideTheRepositoryAreUsed() {
        Path expected = Reference.charts().toAbsolutePath().normalize();

        assertThat(PlanCommand.chartSource(null)).isEqualTo(dev.nodeless.chart.ChartSource.local(expected));
        assertThat(PlanCommand.chartSource(tmp.resolve("absent").toString())).as("an explicit folder that is absent").isNull();
    }

    /** The runbook spec at another Kubernetes (and Karpenter) version, written to a file. */
    private Path runbookAt(String name, String kubernetes, String karpenter) throws Exception {
        String json = Files.readString(SpecFixtures.root().resolve("events/bootstrap-input.json"))
                .replace("\"kubernetesVersion\": \"1.33\"", "\"kubernetesVersion\": \"" + kubernetes + "\"")
                .replace("\"version\": \"1.14.1\"", "\"version\": \"" + karpenter + "\"");
        return Files.writeString(tmp.resolve(name), json);
    }

    @Test
    void current_twoMinorsBehind_printsAndWritesOneStepPerVersion() throws Exception {
        Path outDir = tmp.resolve("out");

        int code = plan("--spec", runbookAt("next.json", "1.34", "1.14.1").toString(), "--current", runbookAt("now.json", "1.32", "1.14.1").toString(),
                "--out", outDir.toString(), "--charts", Reference.charts().toString());

        assertThat(code).as(stderr()).isZero();
        JsonNode upgrade = new ObjectMapper().readTree(outDir.resolve("plan.json").toFile()).get("upgrade");
        assertThat(upgrade.get("from").asText()).isEqualTo("1.32");
        assertThat(upgrade.get("to").asText()).isEqualTo("1.34");
        assertThat(upgrade.get("steps")).extracting(st -> st.get("target").asText()).containsExactly("1.33", "1.34");
        assertThat(upgrade.at("/steps/0/actions")).extracting(a -> a.get("step").asText())
                .containsExactly("preflightUpgrade", "upgradeControlPlane", "upgradeAddons", "restartFargatePods");
        assertThat(stdout()).contains("Upgrade from the running cluster: Kubernetes 1.32 -> 1.34, 2 version step(s) after ensureCluster:",
                "  1. Kubernetes 1.32 -> 1.33", "  2. Kubernetes 1.33 -> 1.34", "UpdateClusterVersion 1.33 -> 1.34");
    }

    @Test
    void current_downgradeOrTooOldKarpenter_isRefusedAndWritesNothing() throws Exception {
        Path outDir = tmp.resolve("out");

        int code = plan("--spec", runbookAt("next.json", "1.32", "1.14.1").toString(), "--current", runbookAt("now.json", "1.34", "1.14.1").toString(),
                "--out", outDir.toString(), "--charts", Reference.charts().toString());
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("the bootstrap would refuse this change before touching the cluster; nothing written: the cluster runs "
                + "Kubernetes 1.34 and the spec asks 1.32: EKS cannot downgrade a control plane");
        assertThat(outDir).doesNotExist();

        int karpenter = plan("--spec", runbookAt("next2.json", "1.34", "1.14.1").toString(), "--current", runbookAt("now2.json", "1.32", "1.2.0").toString(),
                "--out", outDir.toString(), "--charts", Reference.charts().toString());
        assertThat(karpenter).isEqualTo(2);
        assertThat(stderr()).contains("the cluster runs Karpenter 1.2.0 does not support Kubernetes 1.33");
        assertThat(outDir).doesNotExist();
    }

    /** The registered spec as the registry holds it (normalised) and update-cluster's sample patch, from events/. */
    private Path registered() throws Exception {
        Path file = tmp.resolve("registered.json");
        Files.writeString(file, dev.nodeless.spec.Specs.toJson(SpecFixtures.sampleSpec()));
        return file;
    }

    private Path patch(String json) throws Exception {
        Path file = tmp.resolve("patch-" + Math.abs(json.hashCode()) + ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void patch_printsEachChangedFieldBeforeAndAfter_theStepsInOrder_andWritesNothing() throws Exception {
        JsonNode sample = new ObjectMapper().readTree(SpecFixtures.root().resolve("events/update-cluster-input.json").toFile());
        Path patch = patch(sample.get("patch").toString());

        int code = plan("--spec", registered().toString(), "--patch", patch.toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("Update of cluster nodeless-demo - offline, from the registered spec: 4 change(s)",
                "  $.admins: [\"arn:aws:iam::123456789012:role/Admin\"] -> [\"arn:aws:iam::123456789012:role/Admin\",\"arn:aws:iam::123456789012:role/OnCall\"]",
                "  $.karpenter.cpuLimit: 1000 -> 400",
                "  $.buffer.maxReplicas: 20 -> 40",
                "  $.buffer.pod.cpu: \"1\" -> \"2\"",
                "Steps, in order: registerCluster UPDATING (maintenance goes on with the running spec), ensureAccessEntries, applyKubernetes, "
                        + "verifyCluster, registerCluster ACTIVE (the new spec)",
                "Access removed: none");
        assertThat(files(tmp)).as("nothing written").allMatch(f -> f.endsWith(".json"));
    }

    @Test
    void patch_removingAnAdminWithConfirmation_listsTheRemoval_andWithout_isOneLineExit2() throws Exception {
        String keep = "arn:aws:iam::123456789012:role/Viewer";
        int ok = plan("--spec", registered().toString(), "--patch", patch("{\"admins\":[],\"viewers\":[\"" + keep
                + "\"],\"confirmAccessRemoval\":[\"arn:aws:iam::123456789012:role/Admin\"]}").toString());
        assertThat(ok).as(stderr()).isZero();
        assertThat(stdout()).contains("Access removed: arn:aws:iam::123456789012:role/Admin", "ensureAccessEntries, registerCluster ACTIVE");

        err.reset();
        int refused = plan("--spec", registered().toString(), "--patch", patch("{\"admins\":[],\"viewers\":[\"" + keep + "\"]}").toString());
        assertThat(refused).isEqualTo(2);
        assertThat(stderr().lines().toList()).singleElement().asString()
                .startsWith("plan: update-cluster would refuse --patch ").contains("refusing to remove the access of [arn:aws:iam::123456789012:role/Admin]");
    }

    @Test
    void badPatches_areOneLineExit2_sayingWhatIsWrong() throws Exception {
        String[][] cases = {
                {"[1, 2]", "the patch must be a JSON object"},
                {"{\"buffer\": {\"maxReplicas\": -1}}", "the patched spec is invalid: $.buffer.maxReplicas"},
                {"{\"region\": \"us-east-1\"}", "$.region cannot change: an EKS cluster cannot move to another region"},
                {"{\"buffer\": ", "is not JSON"},
        };
        for (String[] c : cases) {
            err.reset();
            int code = plan("--spec", registered().toString(), "--patch", patch(c[0]).toString());
            assertThat(code).as(c[0]).isEqualTo(2);
            assertThat(stderr().lines().toList()).as(c[0]).singleElement().asString().startsWith("plan: ").contains(c[1]);
        }
        err.reset();
        assertThat(plan("--spec", registered().toString(), "--patch", tmp.resolve("none.json").toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("plan: patch file not found: " + tmp.resolve("none.json") + System.lineSeparator());
        err.reset();
        assertThat(plan("--spec", registered().toString(), "--patch", patch("{}").toString(), "--out", tmp.resolve("o").toString())).isEqualTo(2);
        assertThat(stderr()).contains("--out does not apply");
    }

    @Test
    void patchThatChangesNothing_saysSo() throws Exception {
        assertThat(plan("--spec", registered().toString(), "--patch", patch("{\"buffer\":{\"maxReplicas\":20}}").toString())).isZero();
        assertThat(stdout()).contains("0 change(s)", "Nothing to apply");
    }
}
