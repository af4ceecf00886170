package dev.nodeless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void scenarioFile_printsOneRowPerStrategy_andWritesTheTimelineAndTradeoffPngs() throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, """
                {"name": "tiny", "hours": 2, "cluster": {"nodes": 30, "expireAfterHours": 1},
                 "disruptions": {"storms": [{"atMinutes": 10, "pool": "m5.xlarge/us-east-1a", "fraction": 1, "withinMinutes": 2}]}}""");

        int code = run("simulate", "--scenario", file.toString(), "--seed", "3", "--out", dir.toString());

        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("tiny (seed 3): 30 nodes, 2 h")
                .contains("\nnone ").contains("\nstatic-runbook ").contains("\nproportional ")
                .contains("\ncapacity-buffer ").contains("\nnodeless ");
        assertThat(text).contains("extra $").contains("evictions");
        byte[] png = Files.readAllBytes(dir.resolve("tiny.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readAllBytes(dir.resolve("tiny-tradeoff.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void unknownScenario_isUsageErrorNamingTheShippedOnes() throws Exception {
        int code = run("simulate", "--scenario", "hurricane", "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no scenario 'hurricane'").contains("spot-storm");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void invalidScenarioValue_isUsageErrorSayingWhichValue() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"bad\", \"hours\": 1, \"cluster\": {\"targetUtilization\": 1.5}}");

        int code = run("simulate", "--scenario", file.toString(), "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("targetUtilization must be in (0, 1]");
    }

    @Test
    void badSeed_isUsageError() throws Exception {
        assertThat(run("simulate", "--seed", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed must be an integer");
    }
}
