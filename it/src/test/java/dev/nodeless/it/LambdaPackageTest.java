package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.it.support.ProjectFiles;
import dev.nodeless.it.support.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap zip must carry helm-java's native library for the architecture Lambda runs (template.yaml
 * {@code Architectures}), whoever builds it: helm-java picks the build machine's own through OS-activated profiles,
 * so the bootstrap module names the Lambda's one explicitly. Checked both ways: the rule (the pom declares it) and
 * the result (the built function.zip holds it; the reactor packages functions/bootstrap before this module).
 */
class LambdaPackageTest {

    private static final Map<String, String> NATIVE_FOR_ARCHITECTURE = Map.of("x86_64", "linux-amd64", "arm64", "linux-arm64");

    private static String nativeArtifact() {
        var archs = Template.load().root().at("/Globals/Function/Architectures");
        assertThat(archs.size()).as("one architecture for every function").isEqualTo(1);
        String artifact = NATIVE_FOR_ARCHITECTURE.get(archs.get(0).asText());
        assertThat(artifact).as("a helm-java native library for " + archs.get(0).asText()).isNotNull();
        return artifact;
    }

    @Test
    void bootstrapPom_declaresTheNativeLibraryOfTheLambdaArchitecture() throws Exception {
        String pom = Files.readString(ProjectFiles.root().resolve("functions/bootstrap/pom.xml"));
        assertThat(pom).contains("<groupId>com.marcnuri.helm-java</groupId><artifactId>" + nativeArtifact() + "</artifactId>");
    }

    @Test
    void bootstrapZip_holdsTheNativeLibraryOfTheLambdaArchitecture() throws Exception {
        Path zip = ProjectFiles.root().resolve("functions/bootstrap/target/function.zip");
        assertThat(zip).as("build functions/bootstrap first (./mvnw -B verify builds it before this module)").exists();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> natives = z.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/com.marcnuri.helm-java.linux-")).toList();
            assertThat(natives).anyMatch(n -> n.startsWith("lib/com.marcnuri.helm-java." + nativeArtifact() + "-"));
        }
    }
}
