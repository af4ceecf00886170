package dev.nodeless.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command-line checker (cfn-lint, asl-validator). A missing tool fails the build in CI (env {@code CI}
 * set) and aborts the test elsewhere with the reason and the install command, so a laptop without Python or
 * Node still runs every other test.
 */
public final class ExternalTool {

    public record Result(int exitCode, String output) {}

    private ExternalTool() {}

    public static void requireAvailable(boolean available, String what, String install) {
        if (available) return;
        String reason = what + " is not installed (" + install + ")";
        if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) Assertions.fail(reason + "; CI must have it");
        Assumptions.abort("skipped outside CI because " + reason);
    }

    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

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
