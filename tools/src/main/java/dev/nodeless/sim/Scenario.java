package dev.nodeless.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every parameter of one simulated situation. Values and their sources are documented in docs/simulate.md;
 * a scenario file may leave any field out to take the default shown there.
 *
 * @param hours how long to simulate
 */
public record Scenario(String name, String description, double hours, ClusterParams cluster,
                       Disruptions disruptions, KarpenterParams karpenter, MaintenanceParams maintenance,
                       StrategyParams strategies, WorkloadParams workloads) {

    /** The scenarios shipped in the tools jar, in the order the CLI runs them. */
    public static final List<String> SHIPPED = List.of("calm", "spot-storm", "expiry-wave", "mixed-day", "upgrade-drift");

    private static final ObjectMapper JSON = dev.nodeless.json.StrictJson.builder(dev.nodeless.json.StrictJson.MAX_DOCUMENT_BYTES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public Scenario {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("scenario needs a name");
        if (!(hours > 0)) throw new IllegalArgumentException("scenario " + name + ": hours must be > 0, got " + hours);
        if (description == null) description = "";
        if (cluster == null) throw new IllegalArgumentException("scenario " + name + ": cluster is required");
        if (disruptions == null) disruptions = new Disruptions(null, null, null, null, null, null);
        if (karpenter == null) karpenter = KarpenterParams.defaults();
        if (maintenance == null) maintenance = new MaintenanceParams(null, null);
        if (strategies == null) strategies = new StrategyParams(null, null, null, null);
        if (workloads == null) workloads = WorkloadParams.defaults();
        for (Storm s : disruptions.storms()) cluster.requirePool(s.pool(), "storm");
    }

    public long horizonMillis() {
        return Math.round(hours * 3_600_000);
    }

    /** A shipped scenario by name, or a JSON file by path. */
    public static Scenario load(String nameOrFile) throws IOException {
        if (SHIPPED.contains(nameOrFile)) {
            try (InputStream in = shipped(nameOrFile)) {
                return JSON.readValue(in, Scenario.class);
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no scenario '" + nameOrFile + "': neither one of " + SHIPPED + " nor a file");
        }
        return JSON.readValue(file.toFile(), Scenario.class);
    }

    /** The JSON of a shipped scenario, from the jar. */
    static InputStream shipped(String name) throws IOException {
        InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + name + ".json");
        if (in == null) throw new IOException("shipped scenario " + name + " missing from the jar");
        return in;
    }

    public static Scenario parse(String json) throws IOException {
        return JSON.readValue(json, Scenario.class);
    }

    /** A copy with other strategy parameters (used to check that only that strategy's row moves). */
    public Scenario withStrategies(StrategyParams other) {
        return new Scenario(name, description, hours, cluster, disruptions, karpenter, maintenance, other, workloads);
    }
}
