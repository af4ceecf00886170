package dev.nodeless.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.bootstrap.BootstrapPlan;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.bootstrap.PlannedStep;
import dev.nodeless.chart.ChartRelease;
import dev.nodeless.chart.ChartReleases;
import dev.nodeless.chart.ChartRenderException;
import dev.nodeless.chart.ChartSource;
import dev.nodeless.chart.HelmChartRenderer;
import dev.nodeless.kube.manifests.ClusterManifests;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecReader;
import dev.nodeless.spec.Specs;
import dev.nodeless.upgrade.UpgradePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code nodeless plan --spec <file> --out <dir> [--current <file>] [--charts <dir>]}: what the bootstrap would do for a
 * spec, without AWS or a cluster. With {@code --current} (the spec the cluster runs now) it also shows the in-place
 * upgrade: one version step per Kubernetes minor ({@code upgrade} in plan.json), or the refusal the bootstrap would give. Writes {@code plan.json} (normalised spec, placeholder facts, AWS steps, teardown, charts, object
 * index) and one YAML file per Kubernetes object in apply order. Values only AWS can tell (account, VPC, endpoint)
 * are placeholders that say PLANNED. An invalid spec writes nothing and lists every problem. With {@code --patch} it
 * prints what update-cluster would change instead ({@link PatchPlan}).
 */
final class PlanCommand implements Main.Command {

    static final String USAGE = "usage: nodeless plan --spec <file> --out <dir> [--current <spec the cluster runs now>] [--charts <dir>]\n"
            + "       nodeless plan --spec <registered spec> --patch <merge patch>   (what update-cluster would change)";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Override
    public String summary() {
        return "validate a cluster spec and write every AWS step and Kubernetes object the bootstrap would apply";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!List.of("--spec", "--out", "--charts", "--current", "--patch").contains(args[i]) || i + 1 >= args.length) {
                err.println("plan: unexpected argument '" + args[i] + "'");
                err.println(USAGE);
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        if (opts.containsKey("--spec") && opts.containsKey("--patch")) return PatchPlan.run(opts, out, err);
        if (!opts.containsKey("--spec") || !opts.containsKey("--out")) {
            err.println(USAGE);
            return 2;
        }
        Path specFile = Path.of(opts.get("--spec"));
        Path outDir = Path.of(opts.get("--out"));
        if (Files.isDirectory(specFile)) {
            err.println("plan: --spec " + specFile + " is a directory, expected a cluster spec JSON file");
            return 2;
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            err.println("plan: --out " + outDir + " exists and is not a directory; nothing written");
            return 2;
        }

        ClusterSpec spec;
        try {
            spec = Specs.normalise(Files.readString(specFile));
        } catch (NoSuchFileException e) {
            err.println("plan: spec file not found: " + specFile);
            return 2;
        } catch (InvalidSpecException e) {
            err.println("plan: " + specFile + " is not a valid cluster spec; nothing written. Problems:");
            e.problems().forEach(p -> err.println("  " + p));
            return 2;
        }

        UpgradePlan upgrade = null;
        if (opts.containsKey("--current")) {
            Path currentFile = Path.of(opts.get("--current"));
            ClusterSpec current;
            try {
                current = Specs.normalise(Files.readString(currentFile));
            } catch (NoSuchFileException e) {
                err.println("plan: current spec file not found: " + currentFile);
                return 2;
            } catch (InvalidSpecException e) {
                err.println("plan: --current " + currentFile + " is not a valid cluster spec; nothing written. Problems:");
                e.problems().forEach(p -> err.println("  " + p));
                return 2;
            }
            var refused = UpgradePlan.refusal(spec, current);
            if (refused.isPresent()) {
                err.println("plan: the bootstrap would refuse this change before touching the cluster; nothing written: " + refused.get());
                return 2;
            }
            upgrade = UpgradePlan.of(spec, current);
        }

        ChartSource charts = chartSource(opts.get("--charts"));
        if (charts == null) {
            err.println("plan: charts folder not found: " + opts.get("--charts"));
            return 2;
        }
        ClusterFacts facts = ClusterFacts.planned(spec);
        List<HasMetadata> objects;
        Path work = Files.createTempDirectory("nodeless-plan-");
        try {
            objects = ClusterManifests.build(spec, facts, new HelmChartRenderer(charts, work));
        } catch (ChartRenderException e) {
            err.println("plan: " + e.getMessage());
            if (charts instanceof ChartSource.Upstream) {
                err.println("plan: no local charts folder was found, so the charts were fetched from their upstream repositories, "
                        + "which needs internet access; pass --charts <dir> with unpacked <chart>-<version> folders to plan offline");
            }
            return 1;
        } finally {
            deleteTree(work);
        }

        write(outDir, spec, facts, charts, objects, upgrade);
        printSummary(out, spec, outDir, charts, objects, upgrade);
        return 0;
    }

    /** {@code --charts}, else the reference charts beside the repository, else the upstream repositories. */
    static ChartSource chartSource(String option) {
        if (option != null) {
            Path dir = Path.of(option);
            return Files.isDirectory(dir) ? ChartSource.local(dir) : null;
        }
        Path root = Path.of(System.getProperty("nodeless.root", ".")).toAbsolutePath().normalize();
        Path reference = root.resolve("../shared/reference/charts").normalize();
        return Files.isDirectory(reference) ? ChartSource.local(reference) : ChartSource.upstream();
    }

    static String fileName(int index, HasMetadata o) {
        String name = o.getMetadata().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return String.format(Locale.ROOT, "%03d-%s-%s.yaml", index, o.getKind().toLowerCase(Locale.ROOT), name);
    }

    private static void write(Path outDir, ClusterSpec spec, ClusterFacts facts, ChartSource charts, List<HasMetadata> objects,
                              UpgradePlan upgrade) throws IOException {
        Path manifests = outDir.resolve("manifests");
        Files.createDirectories(manifests);
        // A previous plan's files would be mistaken for part of this one.
        try (Stream<Path> old = Files.list(manifests)) {
            for (Path p : old.filter(p -> p.getFileName().toString().matches("\\d{3}-.*\\.yaml")).toList()) Files.delete(p);
        }
        var mapper = SpecReader.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode plan = mapper.createObjectNode();
        plan.put("note", "Offline plan: no AWS call was made. Account " + ClusterFacts.PLANNED_ACCOUNT + ", VPC " + ClusterFacts.PLANNED_VPC
                + " and endpoint " + ClusterFacts.PLANNED_ENDPOINT + " are placeholders for values the bootstrap learns.");
        plan.set("spec", mapper.valueToTree(spec));
        plan.set("facts", mapper.valueToTree(facts));
        plan.set("bootstrap", mapper.valueToTree(BootstrapPlan.bootstrap(spec)));
        // With --current: the version loop's turns, one per Kubernetes version (its target), after ensureCluster.
        if (upgrade != null) plan.set("upgrade", mapper.valueToTree(upgrade));
        plan.set("teardown", mapper.valueToTree(BootstrapPlan.teardown(spec)));
        ArrayNode chartList = plan.putArray("charts");
        for (ChartRelease r : ChartReleases.of(spec, facts)) {
            chartList.addObject().put("chart", r.chart()).put("version", r.version()).put("release", r.releaseName())
                    .put("namespace", r.namespace()).put("kubeVersion", r.kubeVersion()).put("source", charts.describe(r.chart(), r.version()));
        }
        ArrayNode index = plan.putArray("manifests");
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = SecretRedaction.redact(objects.get(i));
            String file = fileName(i + 1, o);
            Files.writeString(manifests.resolve(file), YAML.asYaml(o));
            ObjectNode entry = index.addObject().put("file", "manifests/" + file).put("apiVersion", o.getApiVersion()).put("kind", o.getKind());
            if (o.getMetadata().getNamespace() != null) entry.put("namespace", o.getMetadata().getNamespace());
            entry.put("name", o.getMetadata().getName());
            String createOnly = createOnlyFields(o);
            if (createOnly != null) {
                entry.put("createOnlyFields", createOnly).put("createOnlyNote", "set to the value in the file when the object is created, "
                        + "never applied again: a bootstrap re-run keeps what the cluster has (the buffer's replicas belong to the maintenance loop)");
            }
        }
        mapper.writeValue(outDir.resolve("plan.json").toFile(), plan);
    }

    private static void printSummary(PrintStream out, ClusterSpec spec, Path outDir, ChartSource charts, List<HasMetadata> objects,
                                     UpgradePlan upgrade) {
        List<PlannedStep> steps = BootstrapPlan.bootstrap(spec);
        out.printf("Plan for cluster %s (%s, Kubernetes %s) - offline, placeholders marked PLANNED%n",
                spec.clusterName(), spec.region(), spec.kubernetesVersion());
        if (upgrade != null) printUpgrade(out, upgrade);
        out.println("AWS and Kubernetes steps, in order:");
        for (PlannedStep s : steps) {
            out.printf("  %2d. %-24s %-26s %s%n", s.order(), s.step(), s.target() == null ? "" : s.target(), s.resourceName());
        }
        Map<String, Integer> kinds = new TreeMap<>();
        objects.forEach(o -> kinds.merge(o.getKind(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        kinds.forEach((k, n) -> counts.add(n + " " + k));
        out.printf("Kubernetes objects: %d (%s)%n", objects.size(), String.join(", ", counts));
        objects.stream().filter(o -> createOnlyFields(o) != null).forEach(o -> out.printf("Set on create only, kept on re-runs: %s %s/%s %s%n",
                o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), createOnlyFields(o)));
        out.println("Charts from: " + (charts instanceof ChartSource.Local l ? l.root() : "upstream repositories"));
        out.println("Written: " + outDir.resolve("plan.json") + " and " + objects.size() + " files in " + outDir.resolve("manifests"));
    }

    private static void printUpgrade(PrintStream out, UpgradePlan upgrade) {
        out.printf("Upgrade from the running cluster: Kubernetes %s -> %s, %d version step(s) after ensureCluster:%n",
                upgrade.from(), upgrade.to(), upgrade.steps().size());
        for (UpgradePlan.VersionStep v : upgrade.steps()) {
            out.printf("  %d. Kubernetes %s -> %s%n", v.order(), v.from(), v.target());
            for (PlannedStep a : v.actions()) out.printf("       %-20s %s%n", a.step(), a.action());
        }
        upgrade.notes().forEach(n -> out.println("  Note: " + n));
    }

    private static String createOnlyFields(HasMetadata o) {
        var annotations = o.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
