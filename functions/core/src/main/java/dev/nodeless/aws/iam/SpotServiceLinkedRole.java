package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsErrors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;

/**
 * EC2 needs the account's {@code AWSServiceRoleForEC2Spot} service-linked role to launch spot instances; without it
 * Karpenter's CreateFleet for spot fails and a spot-first NodePool falls back to on-demand or launches nothing. An
 * account gets the role when someone first requests spot from the console, never from an API call like Karpenter's,
 * so the node-role step makes sure it exists. One per account, shared and owned by AWS: teardown leaves it.
 */
public final class SpotServiceLinkedRole {

    public static final String SERVICE = "spot.amazonaws.com";
    public static final String ROLE_NAME = "AWSServiceRoleForEC2Spot";

    private final IamClient iam;

    public SpotServiceLinkedRole(IamClient iam) {
        this.iam = iam;
    }

    /** True when this call created it; false when it already existed ("has been taken" is success). */
    public boolean ensure() {
        return AwsErrors.call("ensuring the " + ROLE_NAME + " service-linked role", () -> {
            try {
                iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));
                return true;
            } catch (InvalidInputException e) {
                // IAM's answer when the account has it: "Service role name AWSServiceRoleForEC2Spot has been taken".
                if (String.valueOf(e.getMessage()).contains("has been taken")) return false;
                throw e;
            } catch (EntityAlreadyExistsException e) {
                return false; // the same fact as some emulators (moto) report it
            }
        });
    }
}
