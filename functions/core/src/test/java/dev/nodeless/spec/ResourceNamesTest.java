package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every valid EKS cluster name (1 to 100 characters of EKS's alphabet) yields names each AWS service accepts, keeps
 * the suffix the template's permissions match on, and stays unique: two long names that share a prefix differ.
 */
class ResourceNamesTest {

    static final Pattern IAM_NAME = Pattern.compile("^[\\w+=,.@-]{1,64}$");
    static final Pattern INSTANCE_PROFILE = Pattern.compile("^[\\w+=,.@-]{1,128}$");
    static final Pattern SQS_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,75}$"); // 80 with room for ".fifo"
    static final Pattern RULE_NAME = Pattern.compile("^[.\\-_A-Za-z0-9]{1,64}$");

    /** Valid cluster names of every length, with EKS's odd characters in them. */
    static List<String> clusterNames() {
        List<String> names = new ArrayList<>();
        String alphabet = "aZ9-_";
        for (int length = 1; length <= ResourceNames.MAX_CLUSTER_NAME; length++) {
            StringBuilder b = new StringBuilder("c");
            for (int i = 1; i < length; i++) b.append(alphabet.charAt(i % alphabet.length()));
            assertThat(SpecValidator.CLUSTER_NAME.matcher(b).matches()).as(b.toString()).isTrue();
            names.add(b.toString());
        }
        return names;
    }

    @Test
    void everyValidClusterName_givesValidNamesThatKeepTheirSuffix() {
        for (String cluster : clusterNames()) {
            ResourceNames n = new ResourceNames(cluster);
            for (String[] role : new String[][] {{n.clusterRole(), "-cluster"}, {n.fargatePodExecutionRole(), "-fargate"},
                    {n.nodeRole(), "-node"}, {n.karpenterControllerRole(), "-karpenter"}, {n.loadBalancerControllerRole(), "-lbc"},
                    {n.externalDnsRole(), "-dns"}}) {
                assertThat(role[0]).as(cluster).matches(IAM_NAME).startsWith("nodeless-").endsWith(role[1]);
            }
            assertThat(n.nodeInstanceProfile()).matches(INSTANCE_PROFILE);
            assertThat(n.interruptionQueue()).as(cluster).matches(SQS_NAME).startsWith(ResourceNames.QUEUE_AND_RULE_PREFIX);
            for (String kind : ResourceNames.INTERRUPTION_RULE_KINDS) {
                assertThat(n.interruptionRule(kind)).as(cluster).matches(RULE_NAME)
                        .startsWith(ResourceNames.QUEUE_AND_RULE_PREFIX).endsWith("-" + kind);
            }
        }
    }

    @Test
    void shortNames_areKeptWhole_andLongOnesStayUnique() {
        assertThat(new ResourceNames("demo").clusterRole()).isEqualTo("nodeless-demo-cluster");
        assertThat(new ResourceNames("demo").interruptionQueue()).isEqualTo("nodeless_demo");

        String base = "x".repeat(90);
        Set<String> roles = new HashSet<>();
        Set<String> rules = new HashSet<>();
        for (String suffix : List.of("-a", "-b", "_a", "0000000000")) {
            ResourceNames n = new ResourceNames(base + suffix);
            roles.add(n.karpenterControllerRole());
            rules.add(n.interruptionRule("capacity-reservation-interruption"));
        }
        assertThat(roles).hasSize(4);
        assertThat(rules).hasSize(4);
    }
}
