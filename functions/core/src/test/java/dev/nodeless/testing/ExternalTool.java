package dev.nodeless.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a tool outside the JVM (moto_server, cfn-lint, asl-validator) call {@link #require}: on a
 * developer's machine without the tool the test is skipped and says what to install; in CI (env {@code CI}
 * set) a missing tool fails the test, so a green CI run always means the tool really ran.
 */
public final class ExternalTool {

    private ExternalTool() {}

    public static void require(String command, String howToInstall) {
        if (onPath(command)) return;
        String message = command + " is not on PATH; install it with: " + howToInstall;
        if (System.getenv("CI") != null) throw new IllegalStateException(message + " (required in CI)");
        Assumptions.abort(message);
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
}
