package dev.nodeless.aws.sfn;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.maintenance.ExecutionStarter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/** Starts maintain-buffer executions; a name already taken means this tick already started it. */
public final class StepFunctionsStarter implements ExecutionStarter {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** Same region, credentials and emulator endpoint as the other clients. */
    public static SfnClient client(AwsClients aws) {
        return aws.configure(SfnClient.builder()).build();
    }

    @Override
    public boolean start(String name, String inputJson) {
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(inputJson));
            return true;
        } catch (ExecutionAlreadyExistsException alreadyStarted) {
            return false;
        }
    }
}
