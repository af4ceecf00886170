package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.testing.ExternalTool;
import dev.nodeless.it.support.ProjectFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cfn-lint (with the SAM translator) is the closest thing to {@code sam validate} available without the SAM CLI. */
class TemplateLintTest {

    /** cfn-lint's exit code is a bitmask: 2 = errors, 4 = warnings, 8 = informational. */
    private static final int ERROR_BIT = 2;

    @Test
    void cfnLint_findsNoErrorsInTheTemplate() {
        ExternalTool.requireAvailable(ExternalTool.onPath("cfn-lint"), "cfn-lint", "pip install cfn-lint");

        ExternalTool.Result lint = ExternalTool.run(ProjectFiles.root(), List.of("cfn-lint", "template.yaml", "deploy/import-registry.yaml"));

        if (!lint.output().isBlank()) System.out.println("cfn-lint template.yaml (exit " + lint.exitCode() + "):\n" + lint.output());
        assertThat(lint.exitCode() & ERROR_BIT).as("cfn-lint errors:\n%s", lint.output()).isZero();
        assertThat(lint.exitCode() & ~(ERROR_BIT | 4 | 8)).as("cfn-lint did not run properly:\n%s", lint.output()).isZero();
    }
}
