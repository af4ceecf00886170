package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatePlannerTest {

    private static final ObjectMapper M = new ObjectMapper();
    static final String ADMIN = SpecFixtures.ADMIN;
    static final String OTHER = "arn:aws:iam::123456789012:role/oncall";
    static final String VIEWER = "arn:aws:iam::123456789012:role/auditor";

    /** The minimal spec with a second admin and a viewer, as the registry holds it (normalised). */
    static ClusterSpec registered() {
        var raw = SpecFixtures.minimal();
        raw.withArray("admins").add(OTHER);
        raw.putArray("viewers").add(VIEWER);
        return Specs.normalise(raw);
    }

    private static JsonNode json(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static UpdatePlan plan(String patch) {
        return UpdatePlanner.plan(registered(), json(patch), false);
    }

    @Test
    void bufferMaximum_isRegistryOnly_noStepRuns_andTheDiffShowsOldAndNew() {
        UpdatePlan p = plan("{\"buffer\":{\"maxReplicas\":40}}");

        assertThat(p.status()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(p.changes()).extracting(SpecDiff.Change::path, c -> c.before().asInt(), c -> c.after().asInt())
                .containsExactly(tuple("$.buffer.maxReplicas", 20, 40));
        assertThat(p.steps()).isEmpty();
        assertThat(p.run()).containsOnlyKeys(AffectedSteps.ORDER).doesNotContainValue(true);
        assertThat(p.spec().buffer().maxReplicas()).isEqualTo(40);
        assertThat(p.spec().buffer().baselineReplicas()).as("untouched fields keep the registered value").isEqualTo(registered().buffer().baselineReplicas());
        assertThat(p.reason()).contains("registry only");
    }

    @Test
    void aNewAdminAndABufferPodSize_runAccessEntriesThenTheKubernetesPhase_inTheBootstrapsOrder() {
        UpdatePlan p = plan("{\"buffer\":{\"pod\":{\"cpu\":\"2\"}},\"admins\":[\"" + ADMIN + "\",\"" + OTHER
                + "\",\"arn:aws:iam::123456789012:user/sam\"]}");

        assertThat(p.changes()).extracting(SpecDiff.Change::path).containsExactly("$.admins", "$.buffer.pod.cpu");
        assertThat(p.steps()).containsExactly("ensureAccessEntries", "applyKubernetes", "verifyCluster");
        assertThat(p.run()).containsEntry("ensureAccessEntries", true).containsEntry("applyKubernetes", true)
                .containsEntry("ensureIamRole", false).containsEntry("ensureCluster", false);
        assertThat(p.accessRemovals()).isEmpty();
    }

    @Test
    void removingAnAdminWithoutConfirmation_isRefusedNamingThem_andWithConfirmation_isListedAsARemoval() {
        UpdatePlan refused = plan("{\"admins\":[\"" + ADMIN + "\"]}");
        assertThat(refused.status()).isEqualTo(UpdatePlan.REFUSED);
        assertThat(refused.reason()).contains("refusing to remove the access of [" + OTHER + "]").contains("confirmAccessRemoval");
        assertThat(refused.spec()).isNull();
        assertThat(refused.run()).doesNotContainValue(true);

        UpdatePlan confirmed = plan("{\"admins\":[\"" + ADMIN + "\"],\"confirmAccessRemoval\":[\"" + OTHER + "\"]}");
        assertThat(confirmed.status()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(confirmed.accessRemovals()).containsExactly(OTHER);
        assertThat(confirmed.steps()).containsExactly("ensureAccessEntries");
        assertThat(confirmed.reason()).contains("removes the access of [" + OTHER + "]");
    }

    @Test
    void removingTheViewersWithNull_needsConfirmationToo() {
        assertThat(plan("{\"viewers\":null}").reason()).contains("refusing to remove the access of [" + VIEWER + "]");
        UpdatePlan ok = plan("{\"viewers\":null,\"confirmAccessRemoval\":[\"" + VIEWER + "\"]}");
        assertThat(ok.status()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(ok.spec().viewers()).isEmpty();
        assertThat(ok.accessRemovals()).containsExactly(VIEWER);
    }

    @Test
    void removingEveryPerson_isRefusedByTheSameValidatorAsABootstrap() {
        UpdatePlan p = plan("{\"admins\":[],\"viewers\":[],\"confirmAccessRemoval\":[\"" + ADMIN + "\",\"" + OTHER + "\",\"" + VIEWER + "\"]}");

        assertThat(p.status()).isEqualTo(UpdatePlan.REFUSED);
        assertThat(p.reason()).startsWith("the patched spec is invalid: ").contains("$.admins: admins and viewers are both empty");
    }

    @Test
    void nullRemovesAMember_whichTakesItsDefaultAgain() {
        ClusterSpec at40 = UpdatePlanner.plan(registered(), json("{\"buffer\":{\"maxReplicas\":40}}"), false).spec();

        UpdatePlan p = UpdatePlanner.plan(at40, json("{\"buffer\":{\"maxReplicas\":null}}"), false);

        assertThat(p.changes()).extracting(SpecDiff.Change::path, c -> c.before().asInt(), c -> c.after().asInt())
                .containsExactly(tuple("$.buffer.maxReplicas", 40, 20));
    }

    @Test
    void immutableFields_areRefused_namingEachFieldAndWhy() {
        assertThat(plan("{\"clusterName\":\"other\"}").reason()).startsWith("$.clusterName cannot change: ").contains("EKS cannot rename");
        assertThat(plan("{\"region\":\"us-east-1\"}").reason()).startsWith("$.region cannot change: ");
        assertThat(plan("{\"network\":{\"create\":{\"cidr\":\"10.9.0.0/16\"}}}").reason())
                .startsWith("$.network.create.cidr cannot change: ").contains("fixed when it is created");
        assertThat(plan("{\"endpoint\":{\"publicAccessCidrs\":[\"192.0.2.0/24\"]}}").reason())
                .startsWith("$.endpoint.publicAccessCidrs cannot change: ").contains("update-cluster-config");
        assertThat(plan("{\"kubernetesVersion\":\"1.34\"}").reason()).startsWith("$.kubernetesVersion cannot change: ")
                .contains("bootstrap-cluster");
        UpdatePlan mixed = plan("{\"region\":\"us-east-1\",\"buffer\":{\"maxReplicas\":30}}");
        assertThat(mixed.status()).as("one refused field refuses the whole patch").isEqualTo(UpdatePlan.REFUSED);
        assertThat(mixed.changes()).as("the diff is still shown").hasSize(2);
    }

    @Test
    void badPatches_areRefusedWithWhatIsWrong() {
        assertThat(plan("[1]").reason()).startsWith("the patch must be a JSON object").endsWith("got array");
        assertThat(plan("\"x\"").reason()).endsWith("got string");
        assertThat(UpdatePlanner.plan(registered(), null, false).reason()).endsWith("got nothing");
        assertThat(plan("{\"bufer\":{}}").reason()).startsWith("the patched spec is invalid: ").contains("$.bufer");
        assertThat(plan("{\"buffer\":{\"maxReplicas\":\"many\"}}").reason()).contains("$.buffer.maxReplicas");
    }

    @Test
    void aPatchThatRestatesTheSpec_changesNothing_andTheRegisteredConfirmationsDoNotCarryOver() {
        assertThat(plan("{\"buffer\":{\"maxReplicas\":20}}").status()).isEqualTo(UpdatePlan.UNCHANGED);

        UpdatePlan removed = plan("{\"viewers\":[],\"confirmAccessRemoval\":[\"" + VIEWER + "\"]}");
        UpdatePlan next = UpdatePlanner.plan(removed.spec(), json("{\"viewers\":[\"" + VIEWER + "\"]}"), false);

        assertThat(next.status()).as("re-adding a viewer removed last time is allowed").isEqualTo(UpdatePlan.CHANGES);
        assertThat(next.spec().confirmAccessRemoval()).isEmpty();
        assertThat(next.changes()).extracting(SpecDiff.Change::path).containsExactly("$.viewers");
    }

    @Test
    void dryRun_isCarriedInThePlan() {
        assertThat(UpdatePlanner.plan(registered(), json("{\"buffer\":{\"maxReplicas\":30}}"), true).dryRun()).isTrue();
        assertThat(List.of(plan("{}").status())).containsExactly(UpdatePlan.UNCHANGED);
    }
}
