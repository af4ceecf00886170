package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.Specs;
import jakarta.inject.Named;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * First state of bootstrap-cluster and teardown-cluster: the raw spec the execution was started with in, the
 * normalised spec (every default filled in) out. A bad spec throws {@link InvalidSpecException}, whose message lists
 * every problem with its JSON path; the state machine catches it by that error name and fails with it as the cause.
 */
@Named("validateSpec")
public class ValidateSpecHandler implements RequestHandler<Map<String, Object>, ClusterSpec> {

    private static final Logger LOG = Logger.getLogger(ValidateSpecHandler.class);

    @Override
    public ClusterSpec handleRequest(Map<String, Object> rawSpec, Context context) {
        try {
            ClusterSpec spec = Specs.normaliseMap(rawSpec);
            LOG.infof("spec valid: cluster=%s region=%s kubernetesVersion=%s", spec.clusterName(), spec.region(), spec.kubernetesVersion());
            return spec;
        } catch (InvalidSpecException e) {
            LOG.warnf("spec rejected with %d problem(s): %s", e.problems().size(), e.problems());
            throw e;
        }
    }
}
