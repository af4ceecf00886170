package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access entries through {@link dev.nodeless.testing.EksAddonAndAccessEntryStub}: moto 5.2 has no access-entry API. */
class AccessEntriesTest {

    private static final String ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    private static final String VIEW_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
    private static final String VIEWER = "arn:aws:iam::123456789012:user/auditor";
    private static final String NODE_ROLE = "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-node";
    /** The maintenance functions' roles as the template names them: sizeBuffer writes, the other two only read. */
    private static final String SIZE = "arn:aws:iam::123456789012:role/nodeless-MaintenanceRole-ABC";
    private static final String RESOLVE = "arn:aws:iam::123456789012:role/nodeless-MaintenanceResolveRole-DEF";
    private static final String RECONCILE = "arn:aws:iam::123456789012:role/nodeless-MaintenanceReconcileRole-GHI";

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void clusterExists() {
        f = AwsTestSupport.fresh();
        AwsTestSupport.clusterReady(f, spec);
    }

    @Test
    void entries_nodeRoleAsEc2Linux_automationAndAdminsAsClusterAdmins_andSecondRunIsUnchanged() {
        StepResult first = f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));
        StepResult second = f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(f.eks().describeAccessEntry(x -> x.clusterName("demo").principalArn(NODE_ROLE)).accessEntry().type()).isEqualTo("EC2_LINUX");
        assertThat(f.eks().associatedPolicies("demo", NODE_ROLE)).isEmpty();
        assertThat(f.eks().associatedPolicies("demo", AwsTestSupport.AUTOMATION_ROLE)).containsExactly(ADMIN_POLICY);
        assertThat(f.eks().associatedPolicies("demo", AwsTestSupport.ADMIN)).containsExactly(ADMIN_POLICY);
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).hasSize(3);
    }

    @Test
    void maintenanceRole_getsOnlyItsKubernetesGroup_andAChangedGroupIsSetBack() {
        String maintenance = "arn:aws:iam::123456789012:role/nodeless-maintenance";
        var steps = new dev.nodeless.aws.AwsSteps(f.clients(), f.eks(), AwsTestSupport.OWNER, java.util.Optional.of(AwsTestSupport.AUTOMATION_ROLE),
                java.util.Optional.of(maintenance), List.of());
        steps.accessEntries().ensure(AwsTestSupport.input(spec, null));

        var entry = f.eks().describeAccessEntry(x -> x.clusterName("demo").principalArn(maintenance)).accessEntry();
        assertThat(entry.type()).isEqualTo("STANDARD");
        assertThat(entry.kubernetesGroups()).containsExactly("nodeless:maintenance");
        assertThat(f.eks().associatedPolicies("demo", maintenance)).as("no EKS access policy: RBAC scopes it").isEmpty();

        f.eks().updateAccessEntry(x -> x.clusterName("demo").principalArn(maintenance).kubernetesGroups("cluster-admins"));
        StepResult r = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(f.eks().describeAccessEntry(x -> x.clusterName("demo").principalArn(maintenance)).accessEntry().kubernetesGroups())
                .containsExactly("nodeless:maintenance");
    }

    @Test
    void maintenanceRoles_writerGetsTheWriterGroup_readersTheReadOnlyGroup_secondRunIsUnchanged_andTeardownRemovesThem() {
        var steps = maintenanceSteps(List.of(RESOLVE, RECONCILE));

        StepResult first = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));
        StepResult second = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).as(second.reason()).isEqualTo(StepResult.UNCHANGED);
        assertThat(groups(SIZE)).containsExactly("nodeless:maintenance");
        assertThat(groups(RESOLVE)).containsExactly("nodeless:maintenance-reader");
        assertThat(groups(RECONCILE)).containsExactly("nodeless:maintenance-reader");
        for (String role : List.of(SIZE, RESOLVE, RECONCILE)) {
            assertThat(f.eks().describeAccessEntry(x -> x.clusterName("demo").principalArn(role)).accessEntry().type()).isEqualTo("STANDARD");
            assertThat(f.eks().associatedPolicies("demo", role)).as("no EKS access policy: RBAC scopes " + role).isEmpty();
        }
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).hasSize(6);

        assertThat(steps.accessEntries().delete(spec, "access-entries").status()).isEqualTo(StepResult.DELETED);
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).isEmpty();
    }

    @Test
    void readerRoleGivenTheWriterGroup_isSetBackToTheReadOnlyGroup() {
        var steps = maintenanceSteps(List.of(RESOLVE, RECONCILE));
        steps.accessEntries().ensure(AwsTestSupport.input(spec, null));
        f.eks().updateAccessEntry(x -> x.clusterName("demo").principalArn(RESOLVE).kubernetesGroups("nodeless:maintenance"));

        StepResult r = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("groups of " + RESOLVE);
        assertThat(groups(RESOLVE)).containsExactly("nodeless:maintenance-reader");
        assertThat(groups(SIZE)).containsExactly("nodeless:maintenance");
    }

    /** A cluster bootstrapped while one role served all three functions: rerunning adds the readers, keeps the writer. */
    @Test
    void clusterBootstrappedBeforeTheSplit_getsTheReaderEntries_andKeepsTheWriterEntry() {
        maintenanceSteps(List.of()).accessEntries().ensure(AwsTestSupport.input(spec, null));
        var steps = maintenanceSteps(List.of(RESOLVE, "", RECONCILE, RESOLVE));

        StepResult upgraded = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));
        StepResult again = steps.accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(upgraded.status()).isEqualTo(StepResult.UPDATED);
        assertThat(upgraded.reason()).contains("created [" + RESOLVE + ", " + RECONCILE + "]");
        assertThat(again.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(groups(SIZE)).containsExactly("nodeless:maintenance");
        assertThat(groups(RESOLVE)).containsExactly("nodeless:maintenance-reader");
    }

    @Test
    void roleConfiguredAsWriterAndAsReader_isRefused_andNoEntryIsCreated() {
        var steps = maintenanceSteps(List.of(RESOLVE, SIZE));

        assertThatThrownBy(() -> steps.accessEntries().ensure(AwsTestSupport.input(spec, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(SIZE).hasMessageContaining("both as the writer");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).isEmpty();
    }

    private dev.nodeless.aws.AwsSteps maintenanceSteps(List<String> readers) {
        return new dev.nodeless.aws.AwsSteps(f.clients(), f.eks(), AwsTestSupport.OWNER, java.util.Optional.of(AwsTestSupport.AUTOMATION_ROLE),
                java.util.Optional.of(SIZE), readers);
    }

    private List<String> groups(String role) {
        return f.eks().describeAccessEntry(x -> x.clusterName("demo").principalArn(role)).accessEntry().kubernetesGroups();
    }

    @Test
    void adminLeftOutOfTheSpec_isRefused_namingIt_andNothingChanges() {
        f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));
        ClusterSpec viewerOnly = AwsTestSupport.withAccess(spec, List.of(), List.of(VIEWER), List.of());

        assertThatThrownBy(() -> f.steps().accessEntries().ensure(AwsTestSupport.input(viewerOnly, null)))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("refusing to remove the access entries of [" + AwsTestSupport.ADMIN + "]")
                .hasMessageContaining("confirmAccessRemoval");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries())
                .as("refused before any change: the viewer is not created either")
                .containsExactlyInAnyOrder(NODE_ROLE, AwsTestSupport.AUTOMATION_ROLE, AwsTestSupport.ADMIN);
        assertThat(f.eks().associatedPolicies("demo", AwsTestSupport.ADMIN)).containsExactly(ADMIN_POLICY);
    }

    @Test
    void adminRemovalConfirmed_deletesItsEntry_listsItInTheOutput_butEntriesEksMadeStay() {
        f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));
        String fargateRole = "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-fargate";
        f.eks().createAccessEntry(x -> x.clusterName("demo").principalArn(fargateRole).type("FARGATE_LINUX"));
        ClusterSpec confirmed = AwsTestSupport.withAccess(spec, List.of(), List.of(VIEWER), List.of(AwsTestSupport.ADMIN));

        StepResult r = f.steps().accessEntries().ensure(AwsTestSupport.input(confirmed, null));
        StepResult again = f.steps().accessEntries().ensure(AwsTestSupport.input(confirmed, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("removed entry " + AwsTestSupport.ADMIN + " (confirmed in confirmAccessRemoval)");
        assertThat(r.details()).containsEntry("removed", AwsTestSupport.ADMIN);
        assertThat(again.status()).as(again.reason()).isEqualTo(StepResult.UNCHANGED);
        assertThat(again.details()).containsEntry("removed", "");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries())
                .containsExactlyInAnyOrder(NODE_ROLE, AwsTestSupport.AUTOMATION_ROLE, VIEWER, fargateRole);
    }

    @Test
    void viewer_getsTheViewPolicyAndTheViewerGroup_andLeavingItOutNeedsConfirmationToo() {
        ClusterSpec withViewer = AwsTestSupport.withAccess(spec, List.of(AwsTestSupport.ADMIN), List.of(VIEWER), List.of());

        StepResult first = f.steps().accessEntries().ensure(AwsTestSupport.input(withViewer, null));
        StepResult second = f.steps().accessEntries().ensure(AwsTestSupport.input(withViewer, null));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).as(second.reason()).isEqualTo(StepResult.UNCHANGED);
        assertThat(f.eks().associatedPolicies("demo", VIEWER)).containsExactly(VIEW_POLICY);
        assertThat(groups(VIEWER)).containsExactly("nodeless:viewers");
        assertThat(f.eks().associatedPolicies("demo", AwsTestSupport.ADMIN)).containsExactly(ADMIN_POLICY);
        assertThat(groups(AwsTestSupport.ADMIN)).isEmpty();

        assertThatThrownBy(() -> f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null)))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("[" + VIEWER + "]");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).contains(VIEWER);
    }

    @Test
    void maintenanceRoleNoLongerConfigured_isRemovedWithoutConfirmation_itFollowsTheStackNotTheSpec() {
        maintenanceSteps(List.of(RESOLVE)).accessEntries().ensure(AwsTestSupport.input(spec, null));

        StepResult r = maintenanceSteps(List.of()).accessEntries().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("removed entry " + RESOLVE + " (no longer configured)");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries())
                .containsExactlyInAnyOrder(NODE_ROLE, AwsTestSupport.AUTOMATION_ROLE, AwsTestSupport.ADMIN, SIZE);
    }

    @Test
    void adminThatIsNotAnIamPrincipal_isRejected_andNoEntryIsCreated() {
        ClusterSpec bad = AwsTestSupport.withAdmins(spec, List.of("arn:aws:sts::123456789012:assumed-role/Admin/me", "alice"));

        assertThatThrownBy(() -> f.steps().accessEntries().ensure(AwsTestSupport.input(bad, null)))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("assumed-role/Admin/me").hasMessageContaining("alice");
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).isEmpty();
    }

    @Test
    void delete_removesOurEntries_only() {
        f.steps().accessEntries().ensure(AwsTestSupport.input(spec, null));
        String fargateRole = "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-fargate";
        f.eks().createAccessEntry(x -> x.clusterName("demo").principalArn(fargateRole).type("FARGATE_LINUX"));

        assertThat(f.steps().accessEntries().delete(spec, "access-entries").status()).isEqualTo(StepResult.DELETED);
        assertThat(f.eks().listAccessEntries(x -> x.clusterName("demo")).accessEntries()).containsExactly(fargateRole);
    }
}
