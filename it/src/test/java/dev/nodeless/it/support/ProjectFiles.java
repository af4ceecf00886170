package dev.nodeless.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository the system tests check (the parent POM passes its root as {@code nodeless.root}). */
public final class ProjectFiles {

    private ProjectFiles() {}

    public static Path root() {
        String configured = System.getProperty("nodeless.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "template.yaml"))) return Path.of(configured);
        // Run from an IDE without the surefire property: walk up from the working directory.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("statemachine"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root (template.yaml); set -Dnodeless.root");
    }

    public static Path template() { return root().resolve("template.yaml"); }

    public static Path stateMachine(String name) { return root().resolve("statemachine").resolve(name + ".asl.json"); }

    /** The read-only reference folder ({@code nodeless.reference}, set by the parent POM). */
    public static Path reference() {
        String configured = System.getProperty("nodeless.reference");
        Path p = configured != null ? Path.of(configured) : root().resolve("../shared/reference").normalize();
        if (!Files.isDirectory(p)) throw new IllegalStateException("reference folder not found: " + p);
        return p;
    }
}
