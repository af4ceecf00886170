package dev.nodeless.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Gives {@code lookup} the meaning it has under {@code helm template}: an empty map. helm-java 0.0.21 renders with
 * dry-run option "none", so a chart's {@code lookup} call tries to reach a cluster (localhost:8080) and the render
 * fails; the AWS Load Balancer Controller chart looks up its webhook TLS Secret this way. When a chart's templates
 * call {@code lookup}, a copy of the chart is rendered with each call replaced by {@code (dict)}; other charts are
 * used in place.
 */
final class OfflineChart {

    /** {@code lookup "v1" "Secret" <namespace> <name>}: two quoted arguments, then two pipeline terms. */
    static final Pattern LOOKUP = Pattern.compile("\\blookup\\s+\"[^\"]*\"\\s+\"[^\"]*\"\\s+[^\\s)}]+\\s+[^\\s)}]+");

    private OfflineChart() {}

    static Path prepare(Path chart, Path workDir) throws IOException {
        if (templates(chart).stream().noneMatch(OfflineChart::callsLookup)) return chart;
        Path copy = Files.createTempDirectory(workDir, chart.getFileName() + "-");
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(chart.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (isTemplate(source)) {
                    String text = Files.readString(source, StandardCharsets.UTF_8);
                    Files.writeString(target, LOOKUP.matcher(text).replaceAll(Matcher.quoteReplacement("(dict)")), StandardCharsets.UTF_8);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return copy;
    }

    private static List<Path> templates(Path chart) throws IOException {
        try (Stream<Path> files = Files.walk(chart)) {
            return files.filter(OfflineChart::isTemplate).toList();
        }
    }

    private static boolean isTemplate(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && p.toString().contains("templates") && (name.endsWith(".tpl") || name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static boolean callsLookup(Path template) {
        try {
            return LOOKUP.matcher(Files.readString(template, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            throw new ChartRenderException("reading chart template " + template + " failed", e);
        }
    }

    static void deleteCopy(Path original, Path used) throws IOException {
        if (used.equals(original)) return;
        try (Stream<Path> files = Files.walk(used)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
