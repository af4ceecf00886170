package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The update path through ensureAccessEntries' own guard: the planner checks removals against the registered spec, the
 * step against the entries EKS holds (access entries on {@link dev.nodeless.testing.EksAddonAndAccessEntryStub}, as in
 * AccessEntriesTest: moto 5.2 has no access-entry API; the cluster itself on moto).
 */
class UpdateAccessGuardTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String ONCALL = "arn:aws:iam::123456789012:role/oncall";
    private static final String VIEWER = "arn:aws:iam::123456789012:user/auditor";

    private AwsTestSupport.Fixture f;
    private final ClusterSpec registered = Specs.normalise(Specs.toJson(AwsTestSupport.spec("demo")));

    @BeforeEach
    void clusterWithItsEntries() {
        f = AwsTestSupport.fresh();
        AwsTestSupport.clusterReady(f, registered);
    }

    private StepResult applyAccess(ClusterSpec spec) {
        return f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));
    }

    @Test
    void confirmedRemoval_planned_isWhatTheAccessStepRemoves() throws Exception {
        ClusterSpec twoAdmins = AwsTestSupport.withAdmins(registered, List.of(AwsTestSupport.ADMIN, ONCALL));
        applyAccess(twoAdmins);

        UpdatePlan plan = UpdatePlanner.plan(Specs.normalise(Specs.toJson(twoAdmins)),
                M.readTree("{\"admins\":[\"" + AwsTestSupport.ADMIN + "\"],\"confirmAccessRemoval\":[\"" + ONCALL + "\"]}"), false);
        StepResult r = applyAccess(plan.spec());

        assertThat(plan.accessRemovals()).containsExactly(ONCALL);
        assertThat(r.details()).containsEntry("removed", ONCALL);
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).doesNotContain(ONCALL).contains(AwsTestSupport.ADMIN);
    }

    /**
     * A run that added an admin and then failed leaves the registry with the last good spec (without that admin) but
     * the entry in EKS. An update planned against the registry sees no removal; the step still refuses to drop the entry.
     */
    @Test
    void entryTheRegistryDoesNotKnow_isStillGuardedByTheAccessStep() throws Exception {
        applyAccess(AwsTestSupport.withAdmins(registered, List.of(AwsTestSupport.ADMIN, ONCALL)));

        UpdatePlan plan = UpdatePlanner.plan(registered, M.readTree("{\"viewers\":[\"" + VIEWER + "\"]}"), false);
        assertThat(plan.status()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(plan.accessRemovals()).as("the registry never had it").isEmpty();
        assertThat(plan.steps()).containsExactly("ensureAccessEntries");

        assertThatThrownBy(() -> applyAccess(plan.spec())).isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("refusing to remove the access entries of [" + ONCALL + "]");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).as("nothing changed").contains(ONCALL).doesNotContain(VIEWER);

        UpdatePlan confirmed = UpdatePlanner.plan(registered, M.readTree("{\"viewers\":[\"" + VIEWER + "\"],\"confirmAccessRemoval\":[\""
                + ONCALL + "\"]}"), false);
        assertThat(applyAccess(confirmed.spec()).details()).containsEntry("removed", ONCALL);
    }
}
