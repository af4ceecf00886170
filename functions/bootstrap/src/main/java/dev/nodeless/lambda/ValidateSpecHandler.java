package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.Specs;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * First state of bootstrap-cluster and teardown-cluster: the raw spec the execution was started with in, the
 * normalised spec (every default filled in) out. A bad spec throws {@link InvalidSpecException}, whose message lists
 * every problem with its JSON path; the state machine catches it by that error name and fails with it as the cause.
 * <p>A spec for another region than the stack's is refused here (the offline validator cannot know the stack): the
 * template scopes every permission, rule and queue to the stack's region, so such a run would fail half-way.
 */
@Named("validateSpec")
public class ValidateSpecHandler implements RequestHandler<Map<String, Object>, ClusterSpec> {

    private static final Logger LOG = Logger.getLogger(ValidateSpecHandler.class);

    @Inject AwsStepsConfig config;
    private final String stackRegion;

    public ValidateSpecHandler() {
        this(null);
    }

    /** @param stackRegion the region the stack runs in; null: the configured one ({@code AWS_REGION} on Lambda) */
    ValidateSpecHandler(String stackRegion) {
        this.stackRegion = stackRegion;
    }

    @Override
    public ClusterSpec handleRequest(Map<String, Object> rawSpec, Context context) {
        try {
            ClusterSpec spec = Specs.normaliseMap(rawSpec);
            String region = stackRegion != null ? stackRegion : config.registryRegion();
            if (!region.equals(spec.region())) {
                throw new InvalidSpecException(List.of("$.region: must be " + region + ", the region this Nodeless stack runs in, got '"
                        + spec.region() + "': its permissions, rules and queues are scoped to it; deploy a stack in " + spec.region()
                        + " to run clusters there"));
            }
            LOG.infof("spec valid: cluster=%s region=%s kubernetesVersion=%s", spec.clusterName(), spec.region(), spec.kubernetesVersion());
            return spec;
        } catch (InvalidSpecException e) {
            LOG.warnf("spec rejected with %d problem(s): %s", e.problems().size(), e.problems());
            throw e;
        }
    }
}
