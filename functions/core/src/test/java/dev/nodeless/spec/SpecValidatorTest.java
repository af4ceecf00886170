package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

    static final String OTHER_REGION_KEY = "\"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"";
    static final String KEY_AND_CREATE = "{\"kmsKeyArn\": \"arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\", \"createKey\": true}";

    /** Sets {@code value} (a JSON literal) at {@code pointer} in the runbook sample, creating parents. */
    /** Two zone IDs with the sample's azCount 3: only the validator can compare the two fields. */
    static final String AZ_MISMATCH = "[\"use1-az1\", \"use1-az2\"]";

    static ObjectNode sampleWith(String pointer, String jsonValue) {
        ObjectNode root = SpecFixtures.sample();
        SpecFixtures.put(root, pointer, jsonValue);
        return root;
    }

    /** A buffer.baselineSchedule of one window: Mon-Fri 08:00-18:00 Paris, 6 replicas, with {@code change} replacing fields. */
    static String schedule(String change) {
        try {
            ObjectNode w = (ObjectNode) SpecReader.MAPPER.readTree("""
                    {"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "from": "08:00", "to": "18:00", "timeZone": "Europe/Paris", "replicas": 6}""");
            SpecReader.MAPPER.readTree("{" + change + "}").fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) w.remove(e.getKey()); // null: leave the field out
                else w.set(e.getKey(), e.getValue());
            });
            return "[" + w + "]";
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(change, e);
        }
    }

    /** Valid schedules: business hours in Paris, a weekend night across midnight in UTC (the default zone), up to maxReplicas, a window to midnight. */
    static final String VALID_SCHEDULE = """
            [{"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "from": "08:00", "to": "18:00", "timeZone": "Europe/Paris", "replicas": 6},
             {"days": ["Sat", "Sun"], "from": "22:00", "to": "06:00", "replicas": 20},
             {"days": ["Sun"], "from": "23:00", "to": "00:00", "timeZone": "America/Argentina/Buenos_Aires", "replicas": 0}]""";

    // rules JSON Schema cannot express (SpecSchemaTest lists them as validator-only)
    static final String FROM_EQUALS_TO = schedule("\"to\": \"08:00\"");
    static final String UNKNOWN_ZONE = schedule("\"timeZone\": \"Europe/Atlantis\"");
    static final String ABOVE_MAX = schedule("\"replicas\": 21");

    static final String NO_ONE = "$.admins: admins and viewers are both empty: name at least one IAM role or user in admins (cluster admin) "
            + "or viewers (read-only); the cluster is created without access for its creator, so without either no person could reach it";

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("/clusterName", "\"\"", "$.clusterName: must be 1 to 100 characters, got 0"),
                Arguments.of("/clusterName", "\"" + "a".repeat(101) + "\"", "$.clusterName: must be 1 to 100 characters, got 101"),
                Arguments.of("/clusterName", "\"_demo\"", "$.clusterName: must start with a letter or digit and contain only letters, digits, '-' and '_', got '_demo'"),
                Arguments.of("/clusterName", "\"demo.cluster\"", "$.clusterName: must start with a letter or digit and contain only letters, digits, '-' and '_', got 'demo.cluster'"),
                Arguments.of("/clusterName", "null", "$.clusterName: is required"),
                Arguments.of("/region", "\"Seoul\"", "$.region: must be an AWS region like ap-northeast-2, got 'Seoul'"),
                Arguments.of("/kubernetesVersion", "\"1.24\"", "$.kubernetesVersion: must be one of [1.32, 1.33, 1.34], got '1.24'"),
                Arguments.of("/endpoint/publicAccess", "false", "$.endpoint.publicAccess: must be true: the Kubernetes phase runs in Lambda outside the cluster's VPC and reaches the API over its public endpoint (limit it with publicAccessCidrs)"),
                Arguments.of("/endpoint/publicAccessCidrs", "[\"10.0.0.0/33\"]", "$.endpoint.publicAccessCidrs[0]: has a prefix length above 32: '10.0.0.0/33'"),
                Arguments.of("/endpoint/publicAccessCidrs", "[\"300.0.0.0/8\"]", "$.endpoint.publicAccessCidrs[0]: has an octet above 255: '300.0.0.0/8'"),
                Arguments.of("/network/create/cidr", "\"10.0.0.1/16\"", "$.network.create.cidr: has host bits set ('10.0.0.1/16'; the block starts at 10.0.0.0/16)"),
                Arguments.of("/network/create/cidr", "\"10.0.0.0/8\"", "$.network.create.cidr: a VPC block must be between /16 and /28, got /8"),
                Arguments.of("/network/create/cidr", "\"10.0.0.0/29\"", "$.network.create.cidr: a VPC block must be between /16 and /28, got /29"),
                Arguments.of("/network/create/cidr", "\"vpc\"", "$.network.create.cidr: must be an IPv4 CIDR block like 10.0.0.0/16, got 'vpc'"),
                Arguments.of("/network/create/azCount", "1", "$.network.create.azCount: must be 2 to 6 Availability Zones, got 1"),
                Arguments.of("/network/create/availabilityZoneIds", "[\"us-east-1a\", \"use1-az1\", \"use1-az2\"]", "$.network.create.availabilityZoneIds[0]: must be an Availability Zone ID like use1-az1 (not a zone name like us-east-1a), got 'us-east-1a'"),
                Arguments.of("/network/create/availabilityZoneIds", "[\"use1-az3\", \"use1-az1\", \"use1-az2\"]", "$.network.create.availabilityZoneIds[0]: EKS cannot place a control plane in use1-az3; choose other zones"),
                Arguments.of("/network/create/availabilityZoneIds", "[\"use1-az1\", \"use1-az1\", \"use1-az2\"]", "$.network.create.availabilityZoneIds: lists 'use1-az1' more than once"),
                Arguments.of("/network/create/availabilityZoneIds", AZ_MISMATCH, "$.network.create.availabilityZoneIds: names 2 zones but azCount is 3; leave azCount out or make them agree"),
                Arguments.of("/network/create/azCount", "7", "$.network.create.azCount: must be 2 to 6 Availability Zones, got 7"),
                Arguments.of("/network/subnetIds", "[\"subnet-0123456789abcdef0\", \"subnet-0123456789abcdef1\"]", "$.network: give either subnetIds (an existing VPC) or create (a new VPC), not both"),
                Arguments.of("/network/securityGroupIds", "[\"sg-0123456789abcdef0\"]", "$.network.securityGroupIds: only apply to an existing VPC (with subnetIds); a created VPC gets its own"),
                Arguments.of("/admins", "[\"arn:aws:iam::123456789012:group/Admins\"]", "$.admins[0]: must be an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got 'arn:aws:iam::123456789012:group/Admins'"),
                Arguments.of("/admins", "[\"arn:aws:iam::1234:role/Admin\"]", "$.admins[0]: must be an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got 'arn:aws:iam::1234:role/Admin'"),
                Arguments.of("/admins", "", NO_ONE),
                Arguments.of("/admins", "[]", NO_ONE),
                Arguments.of("/viewers", "[\"arn:aws:iam::123456789012:group/Readers\"]", "$.viewers[0]: must be an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got 'arn:aws:iam::123456789012:group/Readers'"),
                Arguments.of("/viewers", "[\"arn:aws:iam::123456789012:role/Admin\"]", "$.viewers: 'arn:aws:iam::123456789012:role/Admin' is also in admins; a principal has one access entry, so list it in one of the two"),
                Arguments.of("/confirmAccessRemoval", "[\"alice\"]", "$.confirmAccessRemoval[0]: must be an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got 'alice'"),
                Arguments.of("/confirmAccessRemoval", "[\"arn:aws:iam::123456789012:role/Admin\"]", "$.confirmAccessRemoval: 'arn:aws:iam::123456789012:role/Admin' is still in admins or viewers; confirm the removal only of a principal you remove"),
                Arguments.of("/karpenter/version", "\"v1\"", "$.karpenter.version: must be a release version like 1.14.1, got 'v1'"),
                Arguments.of("/karpenter/version", "\"1.4.0\"", "$.karpenter.version: Karpenter 1.4.0 does not support Kubernetes 1.33 (Karpenter's compatibility matrix asks 1.5.0 or later); upgrade Karpenter first: run the bootstrap with karpenter.version 1.5.0 or later and the cluster's current kubernetesVersion, then raise kubernetesVersion"),
                Arguments.of("/karpenter/capacityTypes", "[]", "$.karpenter.capacityTypes: must name at least one of [on-demand, reserved, spot]"),
                Arguments.of("/karpenter/capacityTypes", "[\"spot\", \"preemptible\"]", "$.karpenter.capacityTypes[1]: must be one of [on-demand, reserved, spot], got 'preemptible'"),
                Arguments.of("/karpenter/capacityTypes", "[\"spot\", \"spot\"]", "$.karpenter.capacityTypes: lists 'spot' more than once"),
                Arguments.of("/karpenter/cpuLimit", "0", "$.karpenter.cpuLimit: must be a positive number of CPUs, got 0"),
                Arguments.of("/karpenter/memoryLimit", "\"lots\"", "$.karpenter.memoryLimit: must be a Kubernetes quantity like 500m, 1, 1Gi, got 'lots'"),
                Arguments.of("/karpenter/memoryLimit", "\"0Gi\"", "$.karpenter.memoryLimit: must be more than zero, got '0Gi'"),
                Arguments.of("/karpenter/expireAfter", "\"2 days\"", "$.karpenter.expireAfter: must be a duration in s, m and h (like 30s, 10m, 720h) or Never, got '2 days'"),
                Arguments.of("/karpenter/expireAfter", "\"500ms\"", "$.karpenter.expireAfter: must be a duration in s, m and h (like 30s, 10m, 720h) or Never, got '500ms'"),
                Arguments.of("/karpenter/consolidateAfter", "\"1d\"", "$.karpenter.consolidateAfter: must be a duration in s, m and h (like 30s, 10m, 720h) or Never, got '1d'"),
                Arguments.of("/karpenter/instanceCategories", "[\"C5\"]", "$.karpenter.instanceCategories[0]: must be an instance category like c, m or r, got 'C5'"),
                Arguments.of("/karpenter/amiAlias", "\"windows2022@latest\"", "$.karpenter.amiAlias: must be <family>@<version> with family al2023, al2 or bottlerocket (nodes join as EC2_LINUX), got 'windows2022@latest'"),
                Arguments.of("/buffer/backend", "\"overprovisioner\"", "$.buffer.backend: must be 'pause-pods' or 'capacity-buffer', got 'overprovisioner'"),
                Arguments.of("/buffer/baselineReplicas", "-1", "$.buffer.baselineReplicas: must be 0 or more, got -1"),
                Arguments.of("/buffer/maxReplicas", "1", "$.buffer.maxReplicas: must be at least baselineReplicas (2), got 1"),
                Arguments.of("/buffer/maxReplicas", "5000", "$.buffer.maxReplicas: must be at most 1000, got 5000"),
                Arguments.of("/buffer/pod/cpu", "\"one\"", "$.buffer.pod.cpu: must be a Kubernetes quantity like 500m, 1, 1Gi, got 'one'"),
                Arguments.of("/buffer/pod/memory", "\"0\"", "$.buffer.pod.memory: must be more than zero, got '0'"),
                Arguments.of("/buffer/lookahead", "\"Never\"", "$.buffer.lookahead: must be a finite duration like 30s, 10m or 1h, got 'Never'"),
                Arguments.of("/buffer/cooldown", "\"0s\"", "$.buffer.cooldown: must be longer than zero"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"days\": [\"Mon\", \"Funday\"]"), "$.buffer.baselineSchedule[0].days[1]: must be one of [Mon, Tue, Wed, Thu, Fri, Sat, Sun], got 'Funday'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"days\": [\"monday\"]"), "$.buffer.baselineSchedule[0].days[0]: must be one of [Mon, Tue, Wed, Thu, Fri, Sat, Sun], got 'monday'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"days\": []"), "$.buffer.baselineSchedule[0].days: must name at least one of [Mon, Tue, Wed, Thu, Fri, Sat, Sun]"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"days\": [\"Mon\", \"Tue\", \"Mon\"]"), "$.buffer.baselineSchedule[0].days: lists 'Mon' more than once"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"days\": null"), "$.buffer.baselineSchedule[0].days: is required"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"from\": \"8:00\""), "$.buffer.baselineSchedule[0].from: must be a 24-hour time HH:MM like 08:00 or 18:30, got '8:00'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"to\": \"24:00\""), "$.buffer.baselineSchedule[0].to: must be a 24-hour time HH:MM like 08:00 or 18:30, got '24:00'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"from\": \"08:00:00\""), "$.buffer.baselineSchedule[0].from: must be a 24-hour time HH:MM like 08:00 or 18:30, got '08:00:00'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"to\": \"6pm\""), "$.buffer.baselineSchedule[0].to: must be a 24-hour time HH:MM like 08:00 or 18:30, got '6pm'"),
                Arguments.of("/buffer/baselineSchedule", FROM_EQUALS_TO, "$.buffer.baselineSchedule[0].to: must differ from from ('08:00'): a window cannot be empty (a to earlier than from ends the next day)"),
                Arguments.of("/buffer/baselineSchedule", UNKNOWN_ZONE, "$.buffer.baselineSchedule[0].timeZone: must be an IANA time zone like Europe/Paris or UTC, got 'Europe/Atlantis'"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"timeZone\": \"\""), "$.buffer.baselineSchedule[0].timeZone: must be an IANA time zone like Europe/Paris or UTC, got ''"),
                Arguments.of("/buffer/baselineSchedule", ABOVE_MAX, "$.buffer.baselineSchedule[0].replicas: must be at most maxReplicas (20), got 21"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"replicas\": -1"), "$.buffer.baselineSchedule[0].replicas: must be 0 or more, got -1"),
                Arguments.of("/buffer/baselineSchedule", schedule("\"replicas\": null"), "$.buffer.baselineSchedule[0].replicas: is required"),
                Arguments.of("/buffer/baselinePercent", "-1", "$.buffer.baselinePercent: must be a percentage from 0 to 100, got -1.0"),
                Arguments.of("/buffer/baselinePercent", "100.5", "$.buffer.baselinePercent: must be a percentage from 0 to 100, got 100.5"),
                Arguments.of("/buffer/baselinePercent", "\"5%\"", "$.buffer.baselinePercent: must be a number, got string \"5%\""),
                Arguments.of("/addons/externalDns/hostedZoneId", "null", "$.addons.externalDns.hostedZoneId: is required"),
                Arguments.of("/addons/externalDns/domain", "\"Example.COM\"", "$.addons.externalDns.domain: must be a lower-case DNS domain like example.com, got 'Example.COM'"),
                Arguments.of("/addons/externalDns/hostedZoneId", "\"zone-1\"", "$.addons.externalDns.hostedZoneId: must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ, got 'zone-1'"),
                Arguments.of("/addons/kubeOpsView/sourceRanges", "[]", "$.addons.kubeOpsView.sourceRanges: an internet-facing kube-ops-view needs at least one source CIDR (it has no login)"),
                Arguments.of("/addons/kubeOpsView/sourceRanges", "[\"everyone\"]", "$.addons.kubeOpsView.sourceRanges[0]: must be an IPv4 CIDR block like 10.0.0.0/16, got 'everyone'"),
                Arguments.of("/addons/kubeOpsView/scheme", "\"public\"", "$.addons.kubeOpsView.scheme: must be 'internal' or 'internet-facing', got 'public'"),
                Arguments.of("/addons/loadBalancerController/enabled", "false", "$.addons.kubeOpsView.enabled: kube-ops-view's load balancer is made by the AWS Load Balancer Controller; enable addons.loadBalancerController or disable kubeOpsView"),
                Arguments.of("/addons/inflate/replicas", "-3", "$.addons.inflate.replicas: must be 0 or more, got -3"),
                Arguments.of("/tags/aws:createdBy", "\"me\"", "$.tags.aws:createdBy: tag key 'aws:createdBy' is reserved: keys starting with 'aws:' are reserved by AWS"),
                Arguments.of("/tags/AWS:x", "\"me\"", "$.tags.AWS:x: tag key 'AWS:x' is reserved: keys starting with 'aws:' are reserved by AWS"),
                Arguments.of("/tags/eks:eks-cluster-name", "\"demo\"", "$.tags.eks:eks-cluster-name: tag key 'eks:eks-cluster-name' is reserved: keys starting with 'eks:' are reserved by EKS"),
                Arguments.of("/tags/kubernetes.io~1cluster~1demo", "\"owned\"", "$.tags.kubernetes.io/cluster/demo: tag key 'kubernetes.io/cluster/demo' is reserved: kubernetes.io/cluster/* marks a cluster's resources for Kubernetes and its controllers"),
                Arguments.of("/tags/karpenter.sh~1nodepool", "\"default\"", "$.tags.karpenter.sh/nodepool: tag key 'karpenter.sh/nodepool' is reserved: Karpenter sets and matches its own karpenter.sh/* and karpenter.k8s.aws/* keys"),
                Arguments.of("/tags/karpenter.sh~1discovery", "\"demo\"", "$.tags.karpenter.sh/discovery: tag key 'karpenter.sh/discovery' is reserved: Karpenter sets and matches its own karpenter.sh/* and karpenter.k8s.aws/* keys"),
                Arguments.of("/tags/karpenter.k8s.aws~1ec2nodeclass", "\"default\"", "$.tags.karpenter.k8s.aws/ec2nodeclass: tag key 'karpenter.k8s.aws/ec2nodeclass' is reserved: Karpenter sets and matches its own karpenter.sh/* and karpenter.k8s.aws/* keys"),
                Arguments.of("/tags/nodeless.dev~1managed-by", "\"someone-else\"", "$.tags.nodeless.dev/managed-by: tag key 'nodeless.dev/managed-by' is reserved: Nodeless sets its own nodeless.dev/* keys (ownership, cluster)"),
                Arguments.of("/addons/kubeOpsView/sourceRanges", "[\"0.0.0.0/0\"]", "$.addons.kubeOpsView.sourceRanges[0]: '0.0.0.0/0' opens kube-ops-view, which has no login, to the whole internet; name the networks that may reach it"),
                Arguments.of("/addons/kubeOpsView/sourceRanges", "[\"203.0.113.0/24\", \"::/0\"]", "$.addons.kubeOpsView.sourceRanges[1]: '::/0' opens kube-ops-view, which has no login, to the whole internet; name the networks that may reach it"),
                Arguments.of("/tags/team#1", "\"x\"", "$.tags.team#1: tag keys may contain letters, digits, spaces and _ . : / = + - @"),
                Arguments.of("/tags/team", "\"" + "x".repeat(257) + "\"", "$.tags.team: tag values must be at most 256 characters, got 257"),
                Arguments.of("/tags/team", "\"a|b\"", "$.tags.team: tag values may contain letters, digits, spaces and _ . : / = + - @"),
                Arguments.of("/logging/types", "[\"debug\"]", "$.logging.types[0]: must be one of [api, audit, authenticator, controllerManager, scheduler], got 'debug'"),
                Arguments.of("/logging/types", "[\"api\", \"api\"]", "$.logging.types: lists 'api' more than once"),
                Arguments.of("/encryption/kmsKeyArn", "\"alias/nodeless\"", "$.encryption.kmsKeyArn: must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>; an alias is not accepted by EKS), got 'alias/nodeless'"),
                Arguments.of("/encryption/kmsKeyArn", OTHER_REGION_KEY, "$.encryption.kmsKeyArn: the key is in us-east-1 but the cluster in ap-northeast-2; EKS needs a key in the cluster's region"),
                Arguments.of("/encryption", KEY_AND_CREATE, "$.encryption.createKey: is true but kmsKeyArn is given too; give a key or ask for one to be created, not both"),
                Arguments.of("/upgradePolicy/supportType", "\"LTS\"", "$.upgradePolicy.supportType: must be STANDARD or EXTENDED, got 'LTS'"),
                Arguments.of("/confirmDeletion", "\"other\"", "$.confirmDeletion: must be the cluster's name ('nodeless-demo') to confirm its deletion, got 'other'"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("violations")
    void eachRule_reportsItsProblemWithThePath(String pointer, String value, String expected) {
        ObjectNode spec = sampleWith(pointer, value);

        assertThatThrownBy(() -> Specs.normalise(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).contains(expected));
    }

    @Test
    void sample_isValid() {
        ClusterSpec spec = SpecFixtures.sampleSpec();

        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(spec.karpenter().capacityTypes()).containsExactly("spot");
    }

    @Test
    void validSchedule_isAccepted_getsTheDefaultZone_andNormalisingAgainChangesNothing() {
        ClusterSpec spec = Specs.normalise(sampleWith("/buffer/baselineSchedule", VALID_SCHEDULE));

        assertThat(spec.buffer().baselineSchedule()).extracting(ClusterSpec.Buffer.Window::timeZone)
                .containsExactly("Europe/Paris", "UTC", "America/Argentina/Buenos_Aires");
        assertThat(Specs.normalise(Specs.toJson(spec))).isEqualTo(spec);
    }

    @ParameterizedTest(name = "baselinePercent = {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "2.5", "100"})
    void baselinePercent_from0To100_isAccepted_andKeptByNormalising(String percent) {
        ClusterSpec spec = Specs.normalise(sampleWith("/buffer/baselinePercent", percent));

        assertThat(spec.buffer().baselinePercent()).isEqualTo(Double.parseDouble(percent));
        assertThat(Specs.normalise(Specs.toJson(spec))).isEqualTo(spec);
    }

    @Test
    void baselinePercent_absent_isOff() {
        assertThat(SpecFixtures.sampleSpec().buffer().baselinePercent()).isZero();
    }

    @Test
    void everyScheduleProblem_isReportedWithItsWindowsPath() {
        ObjectNode spec = sampleWith("/buffer/baselineSchedule", """
                [{"days": ["Mon"], "from": "08:00", "to": "18:00", "replicas": 3},
                 {"days": ["Sat", "Sat", "Caturday"], "from": "25:00", "to": "18:00", "timeZone": "Mars/Olympus", "replicas": 99},
                 null]""");

        assertThatThrownBy(() -> Specs.normalise(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactly(
                        "$.buffer.baselineSchedule[1].days[2]: must be one of [Mon, Tue, Wed, Thu, Fri, Sat, Sun], got 'Caturday'",
                        "$.buffer.baselineSchedule[1].days: lists 'Sat' more than once",
                        "$.buffer.baselineSchedule[1].from: must be a 24-hour time HH:MM like 08:00 or 18:30, got '25:00'",
                        "$.buffer.baselineSchedule[1].timeZone: must be an IANA time zone like Europe/Paris or UTC, got 'Mars/Olympus'",
                        "$.buffer.baselineSchedule[1].replicas: must be at most maxReplicas (20), got 99",
                        "$.buffer.baselineSchedule[2]: is required"));
    }

    @Test
    void reservedTagKeys_setByNodeless_areRejected() {
        ObjectNode spec = SpecFixtures.sample();
        ((ObjectNode) spec.get("tags")).put("nodeless.dev/owner", "x").put("karpenter.sh/discovery", "other");

        assertThatThrownBy(() -> Specs.normalise(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "$.tags.nodeless.dev/owner: tag key 'nodeless.dev/owner' is reserved: Nodeless sets its own nodeless.dev/* keys (ownership, cluster)",
                        "$.tags.karpenter.sh/discovery: tag key 'karpenter.sh/discovery' is reserved: Karpenter sets and matches its own karpenter.sh/* and karpenter.k8s.aws/* keys"));
    }

    @Test
    void existingVpc_withOneSubnetAndBadIds_listsEachProblem() {
        ObjectNode spec = SpecFixtures.minimal();
        SpecFixtures.put(spec, "/network/subnetIds", "[\"subnet-12\"]");
        SpecFixtures.put(spec, "/network/securityGroupIds", "[\"sg-XYZ\"]");

        assertThatThrownBy(() -> Specs.normalise(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactly(
                        "$.network.subnetIds: needs at least 2 subnets in different Availability Zones (EKS and Fargate require two AZs)",
                        "$.network.subnetIds[0]: must be a subnet id like subnet-0123456789abcdef0, got 'subnet-12'",
                        "$.network.securityGroupIds[0]: must be a security group id like sg-0123456789abcdef0, got 'sg-XYZ'"));
    }

    @Test
    void invalidSample_reportsEveryProblemAtOnce() {
        ObjectNode invalid = SpecFixtures.json("events/invalid-spec.json");

        List<String> problems = List.of();
        try {
            Specs.normalise(invalid);
        } catch (InvalidSpecException e) {
            problems = e.problems();
        }

        assertThat(problems).extracting(p -> p.substring(0, p.indexOf(": "))).containsExactly(
                "$.clusterName", "$.region", "$.kubernetesVersion", "$.network.create.cidr",
                "$.network.create.azCount", "$.admins[0]", "$.karpenter.capacityTypes[1]", "$.karpenter.cpuLimit",
                "$.karpenter.expireAfter", "$.buffer.backend", "$.buffer.maxReplicas", "$.buffer.pod.cpu",
                "$.addons.externalDns.hostedZoneId", "$.addons.kubeOpsView.sourceRanges");
    }

    @Test
    void undefaultedSpec_reportsMissingSectionsInsteadOfFailing() {
        ClusterSpec bare = new ClusterSpec(null, null, null, null, null, null, null, null, null, null);

        assertThat(SpecValidator.validate(bare)).containsExactly(
                "$.clusterName: is required", "$.region: is required", "$.kubernetesVersion: is required", NO_ONE,
                "$.karpenter: is required", "$.buffer: is required");
    }
}
