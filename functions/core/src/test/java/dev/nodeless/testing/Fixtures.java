package dev.nodeless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's sample files in {@code events/} (the same files feed sam local invoke and the replay tool). */
public final class Fixtures {

    private Fixtures() {}

    public static Path root() {
        String root = System.getProperty("nodeless.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the project's events/ folder from " + root);
        return p;
    }

    public static Path eventPath(String name) {
        return root().resolve("events").resolve(name);
    }

    public static String event(String name) {
        try {
            return Files.readString(eventPath(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
