package dev.nodeless.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a tool outside the JVM (moto_server, cfn-lint, asl-validator) call {@link #require}: on a
 * developer's machine without the tool the test is skipped and says what to install; in CI (env {@code CI}
 * set) a missing tool fails the test, so a green CI run always means the tool really ran.
 */
public final class ExternalTool {

    public record Result(int exitCode, String output) {}

    private ExternalTool() {}

    public static void require(String command, String howToInstall) {
        requireAvailable(onPath(command), command, howToInstall);
    }

    public static void requireAvailable(boolean available, String what, String howToInstall) {
        if (available) return;
        String message = what + " is not installed; install it with: " + howToInstall;
        if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) throw new IllegalStateException(message + " (required in CI)");
        Assumptions.abort("skipped outside CI because " + message);
    }

    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return true;
        }
        return false;
    }

    /** Runs a command-line checker (cfn-lint, asl-validator) and returns its exit code and combined output. */
    public static Result run(Path workingDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 5 minutes");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
