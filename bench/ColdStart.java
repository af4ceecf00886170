import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold start of packaged Lambda functions, measured the way Lambda's java runtimes start them (ARCHITECTURE §7):
 * unzip the package into a task root, put it and its {@code lib/*} on the class path beside the Runtime Interface Client,
 * start a JVM with {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1} running
 * the AWS Lambda Runtime Interface Client against a Runtime API served here, feed one event, and time process start to
 * the first {@code /response} (or {@code /error}). Peak RSS is the process's VmHWM at that moment, CPU its user + system time so far.
 *
 * <pre>java bench/ColdStart.java --ric DIR --runs N [--java JAVA] [--env NAME=FILE ...] --case NAME=ZIP,HANDLER,EVENT_FILE[,JVM_OPTIONS] [--case ...]</pre>
 * JVM_OPTIONS: extra options separated by spaces; {@code {root}} stands for the unzipped task root.
 * {@code --java}: the java launcher the functions run on (default: {@code java} on the PATH).
 * {@code --env NAME=FILE}: {@code KEY=VALUE} lines added to the environment (as Lambda gives configuration) of case NAME
 * and of every case named NAME-something.
 * In an event, {@code {run}} stands for the number of the process start (1, 2, ... over all cases) and {@code {run17}}
 * for the same as 17 hex digits, so that each start can act on a different object.
 * {@code --train NAME=JVM_OPTIONS}: before the measured runs, start case NAME once with these options instead of its
 * own, feed it its event and stop it with SIGTERM, so that it exits normally (e.g. {@code -XX:ArchiveClassesAtExit=
 * {root}/app.jsa} writes a class-data sharing archive into the task root for the case to use).
 * Classes loaded by the first answer are read with {@code jcmd PID PerfCounter.print} once it is given.
 * The first case is the baseline the others are compared with. Runs are interleaved (case A, B, C, A, B, C, ...) so
 * that noise from other work on the machine spreads over all cases alike.
 */
public class ColdStart {

    record Case(String name, Path zip, String handler, String event, Path root, List<String> jvmOptions, Map<String, String> env) {}

    record Run(double initSeconds, double firstResponseSeconds, long peakRssKb, long classes, double cpuSeconds, String outcome) {}

    static String java = "java";
    static int launches;

    public static void main(String[] args) throws Exception {
        Path ric = null;
        int runs = 5;
        List<Case> cases = new ArrayList<>();
        Map<String, Map<String, String>> envs = new LinkedHashMap<>();
        Map<String, List<String>> training = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ric" -> ric = Path.of(args[++i]);
                case "--java" -> java = args[++i];
                case "--train" -> {
                    String[] no = args[++i].split("=", 2);
                    training.put(no[0], List.of(no[1].trim().split("\\s+")));
                }
                case "--env" -> {
                    String[] nf = args[++i].split("=", 2);
                    Map<String, String> env = envs.computeIfAbsent(nf[0], k -> new LinkedHashMap<>());
                    for (String line : Files.readAllLines(Path.of(nf[1]))) {
                        if (line.isBlank() || line.startsWith("#")) continue;
                        String[] kv = line.split("=", 2);
                        env.put(kv[0].trim(), kv[1].trim());
                    }
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--case" -> {
                    String[] nv = args[++i].split("=", 2);
                    String[] p = nv[1].split(",", 4);
                    List<String> jvm = p.length > 3 && !p[3].isBlank() ? List.of(p[3].trim().split("\\s+")) : List.of();
                    cases.add(new Case(nv[0], Path.of(p[0]), p[1], Files.readString(Path.of(p[2])), null, jvm, Map.of()));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (ric == null || cases.isEmpty()) throw new IllegalArgumentException("need --ric DIR and at least one --case");
        String ricClasspath;
        try (Stream<Path> jars = Files.list(ric)) {
            ricClasspath = String.join(File.pathSeparator, jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .map(Path::toString).toList());
        }
        List<Case> ready = new ArrayList<>();
        for (Case c : cases) ready.add(new Case(c.name(), c.zip(), c.handler(), c.event(), unzip(c.zip()), c.jvmOptions(),
                envFor(c.name(), envs)));
        for (Case c : ready) {
            if (!training.containsKey(c.name())) continue;
            Run t = once(new Case(c.name(), c.zip(), c.handler(), c.event(), c.root(), training.get(c.name()), c.env()), ricClasspath, true);
            System.err.printf(Locale.ROOT, "training %-14s first response %.3f s, %s%n", c.name(), t.firstResponseSeconds(), t.outcome());
        }
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (Case c : ready) results.put(c.name(), new ArrayList<>());
        for (int r = 0; r < runs; r++) {
            for (Case c : ready) {
                Run run = once(c, ricClasspath, false);
                results.get(c.name()).add(run);
                System.err.printf(Locale.ROOT, "run %d %-14s init %.3f s, first response %.3f s, cpu %.2f s, peak RSS %d MB, %d classes, %s%n",
                        r + 1, c.name(), run.initSeconds(), run.firstResponseSeconds(), run.cpuSeconds(), run.peakRssKb() / 1024, run.classes(), run.outcome());
            }
        }
        print(ready, results, runs);
    }

    /** The --env lines for case NAME, or for NAME-anything (so size-buffer-cds gets size-buffer's). */
    static Map<String, String> envFor(String name, Map<String, Map<String, String>> envs) {
        Map<String, String> env = new LinkedHashMap<>();
        envs.forEach((k, v) -> { if (name.equals(k) || name.startsWith(k + "-")) env.putAll(v); });
        return env;
    }

    static Run once(Case c, String ricClasspath, boolean stopGently) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        CompletableFuture<Long> initDone = new CompletableFuture<>();
        CompletableFuture<String> answered = new CompletableFuture<>();
        long[] answeredAt = new long[1];
        String requestId = "bench-" + System.nanoTime();
        int launch = ++launches;
        String event = c.event().replace("{run17}", "%017x".formatted(launch)).replace("{run}", Integer.toString(launch));
        server.createContext("/2018-06-01/runtime/", ex -> handle(ex, event, c.name(), requestId, initDone, answered, answeredAt));
        server.start();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(c.jvmOptions().stream().map(o -> o.replace("{root}", c.root().toString())).toList());
        cmd.addAll(List.of("-cp", c.root() + File.pathSeparator + c.root().resolve("lib") + File.separator + "*" + File.pathSeparator
                        + ricClasspath,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = Files.createTempFile("cold-start-" + c.name(), ".log");
        pb.redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        env.put("LAMBDA_TASK_ROOT", c.root().toString());
        env.put("_HANDLER", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        env.put("QUARKUS_LAMBDA_HANDLER", c.handler());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "bench-" + c.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench-" + c.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        // Lambda sets a role's temporary credentials here; these are placeholders: the handlers under test must not
        // call AWS for the events the benchmark feeds.
        env.put("AWS_ACCESS_KEY_ID", "bench-placeholder");
        env.put("AWS_SECRET_ACCESS_KEY", "bench-placeholder");
        env.put("AWS_SESSION_TOKEN", "bench-placeholder");
        env.put("TZ", ":UTC");
        // What template.yaml gives every function (Globals); the maintenance app's configuration requires it.
        env.put("NODELESS_REGISTRY_TABLE", "bench-nodeless-clusters");
        env.putAll(c.env());
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            String outcome = answered.get(60, TimeUnit.SECONDS);
            long rss = peakRssKb(p.pid());
            double cpu = cpuSeconds(p.pid());
            double init = (initDone.getNow(answeredAt[0]) - start) / 1e9;
            return new Run(init, (answeredAt[0] - start) / 1e9, rss, classesLoaded(p.pid()), cpu, outcome);
        } catch (TimeoutException e) {
            throw new IllegalStateException(c.name() + ": no answer within 60 s; process output:\n" + tail(log), e);
        } finally {
            if (stopGently) {
                p.destroy();
                if (!p.waitFor(120, TimeUnit.SECONDS)) System.err.println(c.name() + ": training run did not exit within 120 s");
                tail(log).lines().filter(l -> l.toLowerCase(Locale.ROOT).matches(".*(cds|archive|error).*")).forEach(System.err::println);
            }
            p.destroyForcibly().waitFor();
            server.stop(0);
            Files.deleteIfExists(log);
        }
    }

    static void handle(HttpExchange ex, String eventText, String name, String requestId, CompletableFuture<Long> initDone,
                       CompletableFuture<String> answered, long[] answeredAt) throws IOException {
        long now = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (ex.getRequestMethod().equals("GET") && path.endsWith("/invocation/next")) {
            if (!initDone.complete(now)) { // one invocation per process: park later polls until we kill it
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] event = eventText.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
            ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
            ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:bench-" + name);
            ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, event.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(event);
            }
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        ex.sendResponseHeaders(202, -1);
        ex.close();
        String kind = path.endsWith("/response") ? "response" : path.endsWith("/error") ? "ERROR" : "other " + path;
        answeredAt[0] = now;
        answered.complete(kind + " " + (text.length() > 160 ? text.substring(0, 160) + "..." : text));
    }

    /**
     * CPU time (user + system, all threads) the function's JVM used until its answer: unlike the wall clock, it barely
     * moves when other work shares the machine's cores, and it leaves out the emulators' time.
     */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    }

    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    /** Classes the JVM has loaded (from the CDS archive or not), as {@code jstat -class} counts them; -1 if unknown. */
    static long classesLoaded(long pid) {
        try {
            Path jcmd = Path.of(java).getParent() == null ? Path.of("jcmd") : Path.of(java).resolveSibling("jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
            long n = 0;
            int found = 0;
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("java.cls.loadedClasses=") || line.startsWith("java.cls.sharedLoadedClasses=")) {
                    n += Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
                    found++;
                }
            }
            p.waitFor();
            return found == 2 ? n : -1;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }

    static Path unzip(Path zip) throws IOException {
        Path dir = Files.createTempDirectory("cold-start-task-");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) throw new IOException("zip entry escapes the task root: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return dir;
    }

    static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void print(List<Case> cases, Map<String, List<Run>> results, int runs) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%nCold start, %d runs each, medians (min-max); JVM flags as Lambda java runtimes:"
                + " -XX:+TieredCompilation -XX:TieredStopAtLevel=1; functions on %s; %d CPUs; load average %s%n", runs,
                javaVersion(), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf(Locale.ROOT, "%-20s %-14s %7s %11s %8s %20s %7s %7s %7s %8s %8s  %s%n", "function", "handler", "zip MB",
                "unzipped MB", "init s", "first response s", "x base", "cpu s", "x base", "classes", "peak MB", "answer");
        double base = 0, cpuBase = 0;
        for (Case c : cases) {
            List<Run> rs = results.get(c.name());
            double[] first = rs.stream().mapToDouble(Run::firstResponseSeconds).toArray();
            double[] init = rs.stream().mapToDouble(Run::initSeconds).toArray();
            double[] rss = rs.stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray();
            double med = median(first);
            if (base == 0) base = med;
            double[] classes = rs.stream().mapToDouble(Run::classes).toArray();
            double cpu = median(rs.stream().mapToDouble(Run::cpuSeconds).toArray());
            if (cpuBase == 0) cpuBase = cpu;
            String answer = rs.get(rs.size() - 1).outcome();
            System.out.printf(Locale.ROOT, "%-20s %-14s %7.1f %11.1f %8.3f %7.3f (%.2f-%.2f) %7.2f %7.2f %7.2f %8.0f %8.0f  %s%n",
                    c.name(), c.handler(), Files.size(c.zip()) / 1e6, treeBytes(c.root()) / 1e6, median(init), med,
                    Arrays.stream(first).min().orElse(0), Arrays.stream(first).max().orElse(0), med / base, cpu, cpu / cpuBase, median(classes),
                    median(rss), answer.length() > 70 ? answer.substring(0, 70) + "..." : answer);
        }
    }

    static String javaVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
        p.waitFor();
        return lines.length > 1 ? lines[1].trim() : lines[0].trim();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
