package dev.nodeless.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Unpacked upstream charts in {@code <root>/<chart>-<version>/}, the layout of {@link ChartSource.Local}, so a fetched
 * chart renders exactly like a local one. A chart is fetched once: later renders (the next invocation of a warm Lambda
 * container) find it here. A chart is unpacked into a hidden staging folder and moved into place only when complete
 * and checked, so a failed or interrupted fetch leaves no entry that a later render would trust.
 */
final class ChartCache {

    /** Chart versions come from the cluster spec and end up in paths and URLs: SemVer characters only. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path root;
    private final ChartFetcher fetcher;

    ChartCache(Path root, ChartFetcher fetcher) {
        this.root = root;
        this.fetcher = fetcher;
    }

    /** The unpacked chart, fetched first unless already here. */
    Path directory(String chart, String version) throws IOException {
        String what = "fetching chart " + chart + " " + version;
        if (!SAFE_NAME.matcher(chart).matches() || !SAFE_NAME.matcher(version).matches() || version.contains("..")) {
            throw new ChartRenderException(what + ": the chart name and version may contain only letters, digits and . _ + -");
        }
        Path dir = root.resolve(chart + "-" + version);
        if (Files.isRegularFile(dir.resolve("Chart.yaml"))) return dir;

        byte[] archive = fetcher.fetch(chart, version);
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "." + chart + "-" + version + "-");
        try {
            ChartArchive.extract(archive, chart, staging, what);
            checkIdentity(staging.resolve("Chart.yaml"), chart, version, what);
            moveIntoPlace(staging, dir);
        } finally {
            deleteTree(staging);
        }
        return dir;
    }

    private static void moveIntoPlace(Path staging, Path dir) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another render finished the same chart first (rename onto a non-empty folder fails); it passed the same checks
            if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) throw e;
        }
    }

    /** The archive must hold the chart that was asked for (a repository could point a version at another archive). */
    private static void checkIdentity(Path chartYaml, String chart, String version, String what) throws IOException {
        JsonNode meta = YAML.readTree(chartYaml.toFile());
        String name = meta.path("name").asText();
        String actual = meta.path("version").asText();
        if (!chart.equals(name) || !version.equals(actual)) {
            throw new ChartRenderException(what + ": the archive holds chart " + name + " " + actual + " instead");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
