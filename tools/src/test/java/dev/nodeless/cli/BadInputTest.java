package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.spec.SpecFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input as a new user would give it: each is a refusal with exit status 2 and one line on stderr that says
 * what was wrong, never a stack trace, and nothing is written to --out.
 */
class BadInputTest {

    @TempDir
    static Path tmp;

    static Path file(String name, byte[] content) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    static Path text(String name, String content) throws Exception {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> cases() throws Exception {
        String spec = SpecFixtures.root().resolve("events/bootstrap-input.json").toString();
        String sample = Files.readString(Path.of(spec));
        String event = SpecFixtures.root().resolve("events/ec2-spot-instance-interruption-warning.json").toString();
        String snapshot = SpecFixtures.root().resolve("events/cluster-snapshot.yaml").toString();
        String demoSpec = SpecFixtures.root().resolve("events/cluster-spec-demo.json").toString();
        Path anExistingFile = text("exists.txt", "x");
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of("missing spec file", List.of("plan", "--spec", tmp.resolve("nope.json").toString(), "--out", tmp.resolve("o1").toString()), "nope.json"));
        c.add(Arguments.of("spec is a directory", List.of("plan", "--spec", tmp.toString(), "--out", tmp.resolve("o2").toString()), tmp.toString()));
        c.add(Arguments.of("duplicate key in the spec", List.of("plan", "--spec",
                text("dup.json", sample.replaceFirst("\\{", "{\"clusterName\": \"other\",")).toString(), "--out", tmp.resolve("o3").toString()), "clusterName"));
        c.add(Arguments.of("trailing content after the spec", List.of("plan", "--spec", text("trail.json", sample + " {}").toString(),
                "--out", tmp.resolve("o4").toString()), "JSON"));
        c.add(Arguments.of("spec is not UTF-8", List.of("plan", "--spec", file("latin1.json", new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'}).toString(),
                "--out", tmp.resolve("o5").toString()), "UTF-8"));
        c.add(Arguments.of("--out is an existing file", List.of("plan", "--spec", spec, "--out", anExistingFile.toString()), anExistingFile.toString()));
        c.add(Arguments.of("event with a duplicate key", List.of("replay", "--spec", demoSpec, "--cluster", snapshot,
                text("dupevent.json", Files.readString(Path.of(event)).replaceFirst("\\{", "{\"source\": \"aws.ec2\",")).toString()), "source"));
        c.add(Arguments.of("missing event file", List.of("replay", "--spec", demoSpec, "--cluster", snapshot, tmp.resolve("noevent.json").toString()), "noevent.json"));
        c.add(Arguments.of("snapshot that is not YAML", List.of("replay", "--spec", demoSpec, "--cluster", text("bad.yaml", "kind: [unclosed").toString(), event), "bad.yaml"));
        String snapshotNode = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: ip-10-0-1-17\n";
        c.add(Arguments.of("snapshot Node without providerID", List.of("replay", "--spec", demoSpec, "--cluster",
                text("noprovider.yaml", snapshotNode).toString(), "--now", "2026-11-20T09:30:05Z", event), "ip-10-0-1-17"));
        String overflowing = snapshotNode + "  spec:\n    providerID: aws:///eu-west-1a/i-0f1e2d3c4b5a69788\n"
                + "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-1\n    namespace: default\n  spec:\n    nodeName: ip-10-0-1-17\n"
                + "    containers:\n    - name: c\n      resources:\n        requests:\n          cpu: \"1e30\"\n";
        c.add(Arguments.of("snapshot Pod whose request overflows", List.of("replay", "--spec", demoSpec, "--cluster",
                text("overflow.yaml", overflowing).toString(), "--now", "2026-11-20T09:30:05Z", event), "default/web-1"));
        String badClaim = snapshotNode + "  spec:\n    providerID: aws:///eu-west-1a/i-0f1e2d3c4b5a69788\n"
                + "- apiVersion: karpenter.sh/v1\n  kind: NodeClaim\n  metadata:\n    name: default-x\n    creationTimestamp: not-a-time\n"
                + "  spec:\n    expireAfter: 720h\n  status:\n    nodeName: ip-10-0-1-17\n";
        c.add(Arguments.of("snapshot NodeClaim with a bad timestamp", List.of("replay", "--spec", demoSpec, "--cluster",
                text("badclaim.yaml", badClaim).toString(), "--now", "2026-11-20T09:35:05Z",
                SpecFixtures.root().resolve("events/nodeless-buffer-reconcile-needed.json").toString()), "default-x"));
        c.add(Arguments.of("seed not a number", List.of("simulate", "--seed", "twelve"), "--seed"));
        c.add(Arguments.of("max not a number", List.of("dlq-replay", "--queue-url", "http://localhost:1/q", "--state-machine-arn", "arn:aws:states:eu-west-1:1:stateMachine:x",
                "--max", "lots"), "--max"));
        c.add(Arguments.of("scenario with a duplicate key", List.of("simulate", "--scenario",
                text("dup-scenario.json", "{\"name\": \"a\", \"name\": \"b\", \"hours\": 1}").toString(), "--out", tmp.resolve("o6").toString()), "name"));
        c.add(Arguments.of("unknown command", List.of("planx"), "planx"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput_isOneLineExit2_noStackTrace_nothingWritten(String what, List<String> args, String named) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(what + ": " + stderr).isEqualTo(2);
        assertThat(stderr).as(what).doesNotContain("Exception", "\tat ", "at dev.nodeless").contains(named);
        if (!args.get(0).equals("planx")) {
            assertThat(stderr.lines().filter(l -> !l.isBlank()).count()).as(what + ": one line, got\n" + stderr).isLessThanOrEqualTo(3);
        }
        for (String o : List.of("o1", "o2", "o3", "o4", "o5", "o6")) {
            Path dir = tmp.resolve(o);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    assertThat(files.filter(Files::isRegularFile).toList()).as(what + ": nothing written to --out").isEmpty();
                }
            }
        }
    }
}
