package dev.nodeless.status;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of the Nodeless stack ({@code template.yaml}, section Outputs): where {@code status} finds the registry
 * table and the state machines, so one {@code --stack} names them all. One DescribeStacks call.
 */
public record StackOutputs(String stack, Map<String, String> outputs) {

    public static final String REGISTRY_TABLE = "RegistryTableName";
    public static final String MAINTAIN_BUFFER = "MaintainBufferStateMachineArn";
    public static final String BOOTSTRAP = "BootstrapClusterStateMachineArn";
    public static final String TEARDOWN = "TeardownClusterStateMachineArn";
    public static final String RECONCILE_FLEET = "ReconcileFleetStateMachineArn";

    /** @throws IllegalArgumentException when the region has no such stack */
    public static StackOutputs read(CloudFormationClient cfn, String stack, String region) {
        Stack found;
        try {
            found = cfn.describeStacks(r -> r.stackName(stack)).stacks().stream().findFirst().orElse(null);
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("does not exist")) found = null;
            else throw e;
        }
        if (found == null) {
            throw new IllegalArgumentException("no CloudFormation stack " + stack + " in " + region + " (give --stack <name> or set NODELESS_STACK to the stack sam deploy created)");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        found.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return new StackOutputs(stack, outputs);
    }

    /** @throws IllegalArgumentException when the stack lacks it (not a Nodeless stack, or one from before that output) */
    public String required(String key) {
        String v = outputs.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("stack " + stack + " has no output " + key + ": is it a Nodeless stack (template.yaml)?");
        }
        return v;
    }

    /** Null when absent. */
    public String optional(String key) {
        String v = outputs.get(key);
        return v == null || v.isBlank() ? null : v;
    }
}
