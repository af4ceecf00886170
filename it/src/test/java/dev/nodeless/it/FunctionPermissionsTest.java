package dev.nodeless.it;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.it.support.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, both ways: each function's IAM actions in template.yaml are exactly the AWS calls its code path
 * makes. The table below was read from the handler -> service -> adapter code (e.g. ensureAccessEntries ->
 * AccessEntries: ListAccessEntries, Create/Describe/Update/DeleteAccessEntry, AssociateAccessPolicy,
 * ListAssociatedAccessPolicies, tags on create). A new SDK call without a policy change, or a permission left
 * behind after a call was removed, fails here; change the table together with the code and the template.
 * {@code sts:GetCallerIdentity} (account lookup, EKS token) needs no permission and is not listed.
 */
class FunctionPermissionsTest {

    private static final Set<String> ROLE_READ_WRITE = Set.of("iam:CreateRole", "iam:GetRole", "iam:TagRole",
            "iam:UpdateAssumeRolePolicy", "iam:ListAttachedRolePolicies", "iam:DetachRolePolicy", "iam:ListRolePolicies",
            "iam:GetRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy");
    private static final Set<String> NETWORK_VIEW = Set.of("ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
            "ec2:DescribeRouteTables");
    private static final Set<String> KUBERNETES_AUTOMATION = Set.of("eks:DescribeCluster");

    static final Map<String, Set<String>> ACTIONS = Map.ofEntries(
            entry("ValidateSpecFunction", Set.of()),
            entry("ClassifyEventFunction", Set.of()),
            entry("RegisterClusterFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem")),
            entry("RecordFailureFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem")),
            entry("EnsureIamRoleFunction", union(ROLE_READ_WRITE, Set.of("iam:AttachRolePolicy", "iam:CreateInstanceProfile",
                    "iam:GetInstanceProfile", "iam:TagInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:PassRole",
                    "iam:CreateServiceLinkedRole"))),
            entry("EnsureNetworkFunction", union(NETWORK_VIEW, Set.of("ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
                    "ec2:DescribeNatGateways", "ec2:DescribeAddresses", "ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet",
                    "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:AllocateAddress", "ec2:CreateNatGateway",
                    "ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:AssociateRouteTable", "ec2:CreateTags"))),
            // ClusterStep + SecretsKey. Two KMS permissions are not calls of the code: kms:CreateGrant is made by EKS with the
            // caller's permission (CreateCluster/AssociateEncryptionConfig with an encryptionConfig), and kms:PutKeyPolicy is
            // what KMS's lockout check at CreateKey requires the creator to keep.
            entry("EnsureClusterFunction", union(NETWORK_VIEW, Set.of("eks:CreateCluster", "eks:TagResource", "eks:DescribeCluster",
                    "eks:UpdateClusterConfig", "eks:AssociateEncryptionConfig", "ec2:CreateTags", "iam:PassRole", "iam:CreateServiceLinkedRole",
                    "kms:CreateKey", "kms:TagResource", "kms:EnableKeyRotation", "kms:CreateAlias", "kms:PutKeyPolicy",
                    "kms:ScheduleKeyDeletion", "kms:DescribeKey", "kms:ListResourceTags", "kms:CreateGrant"))),
            // The upgrade loop: UpgradePath/ClusterUpgrade read the cluster and, for the Karpenter it runs, the registry.
            entry("PlanUpgradeFunction", Set.of("eks:DescribeCluster", "dynamodb:GetItem")),
            // update-cluster's plan reads the registered spec and nothing else.
            entry("PlanUpdateFunction", Set.of("dynamodb:GetItem")),
            entry("PreflightUpgradeFunction", Set.of("eks:DescribeCluster", "eks:ListInsights", "eks:DescribeInsight", "dynamodb:GetItem")),
            entry("UpgradeControlPlaneFunction", Set.of("eks:DescribeCluster", "eks:ListUpdates", "eks:DescribeUpdate", "eks:UpdateClusterVersion")),
            entry("UpgradeAddonsFunction", Set.of("eks:DescribeCluster", "eks:DescribeAddon", "eks:DescribeAddonVersions", "eks:UpdateAddon")),
            entry("RestartFargatePodsFunction", KUBERNETES_AUTOMATION),
            entry("EnsureOidcProviderFunction", Set.of("eks:DescribeCluster", "iam:CreateOpenIDConnectProvider",
                    "iam:GetOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider")),
            entry("EnsureIrsaRoleFunction", union(ROLE_READ_WRITE, Set.of("eks:DescribeCluster", "iam:ListInstanceProfilesForRole",
                    "iam:DeleteRole", "iam:AttachRolePolicy"))),
            entry("EnsureFargateProfileFunction", union(NETWORK_VIEW, Set.of("eks:CreateFargateProfile", "eks:DescribeFargateProfile",
                    "eks:TagResource", "iam:PassRole", "iam:CreateServiceLinkedRole"))),
            entry("EnsureAddonFunction", Set.of("eks:CreateAddon", "eks:DescribeAddon", "eks:UpdateAddon", "eks:DeleteAddon", "eks:TagResource",
                    "iam:PassRole")),
            entry("EnsureAccessEntriesFunction", Set.of("eks:ListAccessEntries", "eks:CreateAccessEntry", "eks:DescribeAccessEntry",
                    "eks:UpdateAccessEntry", "eks:DeleteAccessEntry", "eks:AssociateAccessPolicy", "eks:ListAssociatedAccessPolicies",
                    "eks:TagResource")),
            entry("EnsureInterruptionQueueFunction", Set.of("sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
                    "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:ListQueueTags", "events:PutRule", "events:DescribeRule",
                    "events:PutTargets", "events:ListTargetsByRule", "events:TagResource", "events:ListTagsForResource")),
            entry("ApplyKubernetesFunction", KUBERNETES_AUTOMATION),
            entry("VerifyClusterFunction", KUBERNETES_AUTOMATION),
            entry("TeardownKubernetesFunction", KUBERNETES_AUTOMATION),
            entry("TeardownStepFunction", Set.of("sqs:GetQueueUrl", "sqs:ListQueueTags", "sqs:DeleteQueue",
                    "events:DescribeRule", "events:ListTargetsByRule", "events:ListTagsForResource", "events:RemoveTargets", "events:DeleteRule",
                    "eks:DescribeCluster", "eks:DeleteCluster", "eks:UpdateClusterConfig", "eks:ListAccessEntries",
                    "kms:DescribeKey", "kms:ListResourceTags", "kms:ScheduleKeyDeletion", "kms:DeleteAlias", "eks:DescribeAccessEntry", "eks:DeleteAccessEntry",
                    "eks:DescribeAddon", "eks:DeleteAddon", "eks:DescribeFargateProfile", "eks:DeleteFargateProfile",
                    "iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
                    "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRole", "iam:GetInstanceProfile",
                    "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile", "iam:ListOpenIDConnectProviders",
                    "iam:GetOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
                    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables",
                    "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeAddresses", "ec2:DeleteNatGateway",
                    "ec2:ReleaseAddress", "ec2:DisassociateRouteTable", "ec2:DeleteRouteTable", "ec2:DetachInternetGateway",
                    "ec2:DeleteInternetGateway", "ec2:DeleteSubnet", "ec2:DeleteSecurityGroup", "ec2:DeleteVpc", "ec2:DeleteTags",
                    "dynamodb:DeleteItem")),
            // MaintenanceService.resolve: InstanceResolver (DescribeInstances), RegisteredClusters.find (GetItem), the
            // cluster's endpoint (DescribeCluster).
            entry("ResolveTargetFunction", Set.of("eks:DescribeCluster", "ec2:DescribeInstances", "dynamodb:GetItem")),
            // MaintenanceService.size: RegisteredClusters.find (GetItem), the cluster's endpoint; no EC2, no execution.
            entry("SizeBufferFunction", Set.of("eks:DescribeCluster", "dynamodb:GetItem")),
            // ReconcileScheduler.list: RegisteredClusters.all (Scan), nothing else.
            entry("ListManagedClustersFunction", Set.of("dynamodb:Scan")),
            // ReconcileScheduler.reconcile: RegisteredClusters.find (GetItem), the dry run (DescribeCluster),
            // StepFunctionsStarter (StartExecution), ReconcileClusterStep recording/clearing its failure (UpdateItem);
            // invoked synchronously by the workflow, so no OnFailure destination.
            entry("ReconcileClusterFunction", Set.of("eks:DescribeCluster", "dynamodb:GetItem", "dynamodb:UpdateItem", "states:StartExecution")),
            // EventAdmission: InstanceResolver (DescribeInstances), RegisteredClusters.find (GetItem), StepFunctionsStarter
            // (StartExecution), plus the OnFailure destination; no Kubernetes access at all.
            entry("AdmitEventFunction", Set.of("ec2:DescribeInstances", "dynamodb:GetItem", "states:StartExecution", "sqs:SendMessage")),
            // Adoption (check, record, release, finish) and AdoptionAccess: DescribeCluster, the access entries of the four
            // Nodeless roles, and the registry item; AdoptionKubernetes: only the endpoint, as the adoption role.
            entry("AdoptClusterFunction", Set.of("eks:DescribeCluster", "eks:ListAccessEntries", "eks:DescribeAccessEntry",
                    "eks:ListAssociatedAccessPolicies", "eks:CreateAccessEntry", "eks:TagResource", "eks:AssociateAccessPolicy",
                    "eks:DeleteAccessEntry", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")),
            entry("AdoptKubernetesFunction", KUBERNETES_AUTOMATION));

    private final Template template = Template.load();

    @Test
    void everyFunction_isAllowedExactlyTheAwsCallsItsCodeMakes() {
        assertThat(ACTIONS.keySet()).as("table covers every function").isEqualTo(template.functions().keySet());
        Map<String, Set<String>> actual = new TreeMap<>();
        template.functions().forEach((id, fn) -> actual.put(id, actions(fn)));
        assertThat(actual).isEqualTo(new TreeMap<>(ACTIONS));
    }

    /** ensureIamRole may attach exactly the AWS managed policies RoleDefinitions gives the cluster, Fargate and node roles. */
    @Test
    void attachRolePolicy_isLimitedToTheManagedPoliciesTheBaseRolesUse() {
        JsonNode attach = statements(template.resource("EnsureIamRoleFunction")).stream()
                .filter(st -> actionsOf(st).contains("iam:AttachRolePolicy")).findFirst().orElseThrow();
        Set<String> arns = new TreeSet<>();
        attach.at("/Condition/ArnEquals/iam:PolicyARN").forEach(a -> arns.add(a.asText().replaceAll(".*:policy/", "")));
        assertThat(arns).isEqualTo(new TreeSet<>(Set.of("AmazonEKSClusterPolicy", "AmazonEKSFargatePodExecutionRolePolicy",
                "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore")));
    }

    /** The configuration each app's @ConfigMapping(prefix = "nodeless") requires reaches the functions that read it. */
    @Test
    void functions_getTheEnvironmentTheirCodeReads() {
        assertThat(template.root().at("/Globals/Function/Environment/Variables/NODELESS_REGISTRY_TABLE").asText()).isEqualTo("RegistryTable");
        JsonNode access = template.resource("EnsureAccessEntriesFunction").at("/Properties/Environment/Variables");
        assertThat(access.path("NODELESS_AUTOMATION_ROLE_ARN").asText()).isEqualTo("KubernetesAutomationRole.Arn");
        assertThat(access.path("NODELESS_MAINTENANCE_ROLE_ARN").asText()).isEqualTo("MaintenanceRole.Arn");
        assertThat(access.path("NODELESS_MAINTENANCE_READER_ROLE_ARNS").asText())
                .isEqualTo("${MaintenanceResolveRole.Arn},${MaintenanceReconcileRole.Arn}");
        for (String id : List.of("ApplyKubernetesFunction", "VerifyClusterFunction", "TeardownKubernetesFunction", "RestartFargatePodsFunction")) {
            assertThat(template.resource(id).at("/Properties/Role").asText()).as(id).isEqualTo("KubernetesAutomationRole.Arn");
        }
        assertThat(template.resource("ResolveTargetFunction").at("/Properties/Role").asText()).isEqualTo("MaintenanceResolveRole.Arn");
        assertThat(template.resource("SizeBufferFunction").at("/Properties/Role").asText()).isEqualTo("MaintenanceRole.Arn");
        assertThat(template.resource("ReconcileClusterFunction").at("/Properties/Role").asText()).isEqualTo("MaintenanceReconcileRole.Arn");
        assertThat(template.resource("ListManagedClustersFunction").at("/Properties/Role").asText()).isEqualTo("MaintenanceListRole.Arn");
        assertThat(template.resource("ListManagedClustersFunction").at("/Properties/Environment/Variables/NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN")
                .isMissingNode()).as("the list starts nothing").isTrue();
        assertThat(template.resource("ReconcileClusterFunction").at("/Properties/Environment/Variables/NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN")
                .asText()).isEqualTo("MaintainBufferStateMachine");
        assertThat(template.resource("MaintainBufferStateMachine").at("/Properties/Name").asText()).isEqualTo("${AWS::StackName}-maintain-buffer");
    }

    /**
     * The maintenance functions do not share a role: each role is used by one function, and the access-entry step gets
     * sizeBuffer's as the writer (Kubernetes group nodeless:maintenance) and exactly the other two as readers
     * (nodeless:maintenance-reader, get/list only). So resolveTarget and reconcileCluster cannot write to a cluster,
     * and sizeBuffer cannot start executions.
     */
    @Test
    void maintenanceFunctions_eachHaveTheirOwnRole_andOnlySizeBufferGetsTheWriterGroup() {
        Map<String, String> roleOf = new TreeMap<>();
        template.functions().forEach((id, fn) -> {
            if (fn.at("/Properties/Role").isTextual()) roleOf.put(id, fn.at("/Properties/Role").asText().replace(".Arn", ""));
        });
        String resolve = roleOf.get("ResolveTargetFunction");
        String size = roleOf.get("SizeBufferFunction");
        String reconcile = roleOf.get("ReconcileClusterFunction");
        String list = roleOf.get("ListManagedClustersFunction");
        assertThat(Set.of(resolve, size, reconcile, list)).as("four distinct roles").hasSize(4);
        for (String role : List.of(resolve, size, reconcile, list)) {
            assertThat(roleOf.values().stream().filter(role::equals)).as(role + " serves one function").hasSize(1);
            assertThat(template.resource(role).at("/Properties/ManagedPolicyArns").toString()).as(role)
                    .contains("service-role/AWSLambdaBasicExecutionRole");
        }

        JsonNode access = template.resource("EnsureAccessEntriesFunction").at("/Properties/Environment/Variables");
        assertThat(access.path("NODELESS_MAINTENANCE_ROLE_ARN").asText()).as("the writer").isEqualTo(size + ".Arn");
        List<String> readers = List.of(access.path("NODELESS_MAINTENANCE_READER_ROLE_ARNS").asText().split(","));
        assertThat(readers).as("the readers").containsExactlyInAnyOrder("${" + resolve + ".Arn}", "${" + reconcile + ".Arn}");
        assertThat(readers).as("resolveTarget gets no write-capable group").noneMatch(r -> r.contains(size));
        assertThat(readers).as("listManagedClusters gets no Kubernetes access at all").noneMatch(r -> r.contains(list));

        assertThat(actions(template.resource("SizeBufferFunction")))
                .doesNotContain("states:StartExecution", "ec2:DescribeInstances", "sqs:SendMessage", "dynamodb:Scan");
        assertThat(actions(template.resource("ResolveTargetFunction"))).doesNotContain("states:StartExecution", "sqs:SendMessage", "dynamodb:Scan");
        JsonNode start = statements(template.resource("ReconcileClusterFunction")).stream()
                .filter(st -> actionsOf(st).contains("states:StartExecution")).findFirst().orElseThrow();
        assertThat(start.path("Resource").asText()).as("only the maintain-buffer state machine").isEqualTo("MaintainBufferStateMachine");
    }

    private Set<String> actions(JsonNode function) {
        Set<String> all = new TreeSet<>();
        statements(function).forEach(st -> all.addAll(actionsOf(st)));
        return all;
    }

    /** Inline statements of the function, or of the shared role it names with {@code Role: !GetAtt X.Arn}. */
    private List<JsonNode> statements(JsonNode function) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode role = function.at("/Properties/Role");
        if (!role.isMissingNode()) {
            for (JsonNode policy : template.resource(role.asText().replace(".Arn", "")).at("/Properties/Policies")) {
                policy.at("/PolicyDocument/Statement").forEach(out::add);
            }
        }
        for (JsonNode policy : function.at("/Properties/Policies")) policy.path("Statement").forEach(out::add);
        return out;
    }

    private static Set<String> actionsOf(JsonNode statement) {
        Set<String> out = new TreeSet<>();
        JsonNode a = statement.path("Action");
        if (a.isArray()) a.forEach(x -> out.add(x.asText())); else out.add(a.asText());
        return out;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new TreeSet<>();
        for (Set<String> s : sets) out.addAll(s);
        return out;
    }
}
