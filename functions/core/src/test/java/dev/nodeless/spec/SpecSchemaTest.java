package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schema ({@code schema/cluster-spec.schema.json}) and {@link SpecValidator} agree: both accept the
 * samples and the normalised specs, both reject every violation, except the few rules JSON Schema cannot express,
 * which this test lists and checks really pass the schema (so the list cannot go stale).
 */
class SpecSchemaTest {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SpecFixtures.json("schema/cluster-spec.schema.json"));

    /** Rules only the validator can check: arithmetic on values, host bits, cross-section dependencies. */
    private static final Set<String> VALIDATOR_ONLY = Set.of(
            "/network/create/cidr=\"10.0.0.1/16\"",
            "/network/create/availabilityZoneIds=" + SpecValidatorTest.AZ_MISMATCH,
            "/karpenter/memoryLimit=\"0Gi\"",
            // Karpenter's compatibility matrix compares two fields' versions: a cross-field rule the schema does not express.
            "/karpenter/version=\"1.4.0\"",
            "/buffer/maxReplicas=1",
            "/buffer/pod/memory=\"0\"",
            "/buffer/cooldown=\"0s\"",
            "/addons/loadBalancerController/enabled=false",
            "/buffer/baselineSchedule=" + SpecValidatorTest.FROM_EQUALS_TO,
            "/buffer/baselineSchedule=" + SpecValidatorTest.UNKNOWN_ZONE,
            "/buffer/baselineSchedule=" + SpecValidatorTest.ABOVE_MAX,
            // one principal in two lists, or confirmed for removal while still listed: comparisons between arrays
            "/viewers=[\"arn:aws:iam::123456789012:role/Admin\"]",
            "/confirmAccessRemoval=[\"arn:aws:iam::123456789012:role/Admin\"]",
            // the key's region against the cluster's, and the confirmation against the cluster's name: two fields each
            "/encryption/kmsKeyArn=" + SpecValidatorTest.OTHER_REGION_KEY,
            "/confirmDeletion=\"other\"");

    static Set<String> errors(JsonNode spec) {
        return SCHEMA.validate(spec).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    @Test
    void samples_andTheirNormalisedForms_passTheSchema() {
        assertThat(errors(SpecFixtures.sample())).isEmpty();
        assertThat(errors(SpecFixtures.json("events/teardown-input.json"))).isEmpty();
        assertThat(errors(SpecFixtures.minimal())).isEmpty();
        assertThat(errors((JsonNode) SpecReader.MAPPER.valueToTree(SpecFixtures.sampleSpec()))).isEmpty();
        assertThat(errors((JsonNode) SpecReader.MAPPER.valueToTree(Specs.normalise(SpecFixtures.minimal())))).isEmpty();
    }

    @Test
    void validSchedule_passesTheSchema_beforeAndAfterNormalising() {
        ObjectNode spec = SpecValidatorTest.sampleWith("/buffer/baselineSchedule", SpecValidatorTest.VALID_SCHEDULE);

        assertThat(errors(spec)).isEmpty();
        assertThat(errors((JsonNode) SpecReader.MAPPER.valueToTree(Specs.normalise(spec)))).isEmpty();
    }

    @ParameterizedTest(name = "baselinePercent = {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "2.5", "100"})
    void validBaselinePercent_passesTheSchema_beforeAndAfterNormalising(String percent) {
        ObjectNode spec = SpecValidatorTest.sampleWith("/buffer/baselinePercent", percent);

        assertThat(errors(spec)).isEmpty();
        assertThat(errors((JsonNode) SpecReader.MAPPER.valueToTree(Specs.normalise(spec)))).isEmpty();
    }

    @Test
    void viewersWithoutAdmins_passBothTheSchemaAndTheValidator_butNeitherFailsBoth() {
        ObjectNode viewersOnly = SpecFixtures.minimal();
        viewersOnly.remove("admins");
        viewersOnly.putArray("viewers").add("arn:aws:iam::123456789012:role/ReadOnly");
        ObjectNode neither = SpecFixtures.minimal();
        neither.remove("admins");
        neither.putArray("viewers");

        assertThat(errors(viewersOnly)).isEmpty();
        assertThat(Specs.normalise(viewersOnly).viewers()).containsExactly("arn:aws:iam::123456789012:role/ReadOnly");
        assertThat(errors(neither)).isNotEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Specs.normalise(neither))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactly(SpecValidatorTest.NO_ONE));
    }

    @Test
    void invalidSample_failsTheSchemaToo() {
        Set<String> errors = errors(SpecFixtures.json("events/invalid-spec.json"));

        assertThat(errors).anyMatch(m -> m.contains("$.clusterName"))
                .anyMatch(m -> m.contains("$.region"))
                .anyMatch(m -> m.contains("$.kubernetesVersion"))
                .anyMatch(m -> m.contains("$.buffer.backend"))
                .anyMatch(m -> m.contains("$.addons.externalDns"));
    }

    @Test
    void unknownField_failsTheSchema() {
        ObjectNode spec = SpecFixtures.sample();
        ((ObjectNode) spec.get("karpenter")).put("ttlSecondsUntilExpired", 120);

        assertThat(errors(spec)).anyMatch(m -> m.contains("ttlSecondsUntilExpired"));
    }

    @Test
    void everySpecField_isInTheSchema_describedAndWithTheDefaultsSpecDefaultsApplies() {
        JsonNode schema = SpecFixtures.json("schema/cluster-spec.schema.json");
        JsonNode normalised = SpecReader.MAPPER.valueToTree(Specs.normalise(SpecFixtures.minimal()));
        java.util.List<String> problems = new java.util.ArrayList<>();
        compare(ClusterSpec.class, schema, normalised, "$", problems);

        assertThat(problems).isEmpty();
        assertThat(schema.at("/$defs/scheduleWindow/properties/timeZone/default").asText()).isEqualTo(SpecDefaults.SCHEDULE_TIME_ZONE);
    }

    /** Fields whose default depends on other fields (or which are required), so the schema gives none. */
    private static final Set<String> NO_SCHEMA_DEFAULT = Set.of("$.clusterName", "$.region", "$.addons.externalDns.enabled",
            "$.encryption.createKey");
    /** Fields the minimal spec gives (one of admins and viewers must name someone), so its value is not the default. */
    private static final Set<String> GIVEN_BY_MINIMAL = Set.of("$.admins");

    private static void compare(Class<?> record, JsonNode schema, JsonNode value, String path, java.util.List<String> problems) {
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
            String p = path + "." + c.getName();
            JsonNode property = schema.path("properties").path(c.getName());
            JsonNode v = value.path(c.getName());
            if (property.isMissingNode()) {
                problems.add(p + ": not in the schema");
                continue;
            }
            if (!property.has("description")) problems.add(p + ": no description");
            if (c.getType().isRecord()) {
                compare(c.getType(), property, v, p, problems);
            } else if (listOfRecords(c) != null) {
                // the items' fields: in the schema and described (the one item default, timeZone, is checked by the caller)
                JsonNode items = property.path("items");
                if (items.has("$ref")) items = schema(items.get("$ref").asText());
                for (java.lang.reflect.RecordComponent ic : listOfRecords(c).getRecordComponents()) {
                    JsonNode ip = items.path("properties").path(ic.getName());
                    if (ip.isMissingNode()) problems.add(p + "[]." + ic.getName() + ": not in the schema");
                    else if (!ip.has("description")) problems.add(p + "[]." + ic.getName() + ": no description");
                }
                if (property.has("default") && !property.get("default").equals(v)) {
                    problems.add(p + ": schema default " + property.get("default") + " but SpecDefaults gives " + v);
                }
            } else if (GIVEN_BY_MINIMAL.contains(p)) {
                if (!property.has("default")) problems.add(p + ": no schema default");
            } else if (property.has("default") && !sameValue(property.get("default"), v)) {
                problems.add(p + ": schema default " + property.get("default") + " but SpecDefaults gives " + v);
            } else if (!property.has("default") && !v.isMissingNode() && !v.isNull() && !NO_SCHEMA_DEFAULT.contains(p)) {
                problems.add(p + ": SpecDefaults gives " + v + " but the schema shows no default");
            }
        }
    }

    /** JSON equality, except that numbers compare by value: the schema's default 0 is a Double field's 0.0. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static Class<?> listOfRecords(java.lang.reflect.RecordComponent c) {
        if (c.getType() != java.util.List.class || !(c.getGenericType() instanceof java.lang.reflect.ParameterizedType p)) return null;
        return p.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord() ? item : null;
    }

    /** A {@code #/$defs/...} reference of the published schema. */
    private static JsonNode schema(String ref) {
        return SpecFixtures.json("schema/cluster-spec.schema.json").at(ref.substring(1));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.nodeless.spec.SpecValidatorTest#violations")
    void everyValidatorViolation_isASchemaViolation_unlessListedAsValidatorOnly(String pointer, String value, String problem) {
        Set<String> errors = errors(SpecValidatorTest.sampleWith(pointer, value));

        if (VALIDATOR_ONLY.contains(pointer + "=" + value)) {
            assertThat(errors).as("listed as validator-only, so the schema must accept it").isEmpty();
        } else {
            assertThat(errors).as("schema should reject what the validator reports as: " + problem).isNotEmpty();
        }
    }
}
