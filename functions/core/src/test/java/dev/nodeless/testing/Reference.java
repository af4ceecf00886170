package dev.nodeless.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only reference folder (real CRDs and charts), passed by the build as system property
 * {@code nodeless.reference}. Tests that need it are skipped, with this message, only where the folder is absent.
 */
public final class Reference {

    private Reference() {}

    public static Path dir() {
        String p = System.getProperty("nodeless.reference");
        Path dir = p == null ? null : Path.of(p);
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("karpenter-crds")) && Files.isDirectory(dir.resolve("charts")),
                "reference folder (real Karpenter CRDs and charts) not present at " + p + "; these checks need it");
        return dir;
    }

    public static Path charts() {
        return dir().resolve("charts");
    }

    public static Path crd(String file) {
        return dir().resolve("karpenter-crds").resolve(file);
    }
}
