package dev.nodeless.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.maintenance.MaintenanceStep;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SnapStart priming: before Lambda snapshots a published version (CRaC {@code beforeCheckpoint}, called by the
 * Lambda runtime only when SnapStart is on), runs the code path of a first invocation so the snapshot holds it loaded
 * and initialised. Quarkus has by then started the application (its SnapStart defaults: full warm-up, application
 * classes preloaded and initialised); what it cannot know is our handlers' path:
 * <ul>
 *   <li>{@code classifyEvent} on a bundled foreign event (an S3 event it ignores): Jackson reading the event and
 *       writing the step, the CDI wiring of {@code MaintenanceService} with its AWS clients and the EC2 Query reader;
 *       ignoring the event calls no AWS API and changes nothing;</li>
 *   <li>the SDK's own warm-up ({@link SdkWarmUp}) of the clients the maintenance functions use: request marshalling
 *       against canned responses, plus one unsigned HTTPS request to warm the HTTP client (no credentials used).</li>
 * </ul>
 * Priming never fails the snapshot: a failure is logged and the snapshot is taken as is.
 */
@Startup
@ApplicationScoped
public class SnapStartPriming implements Resource {

    static final String EVENT = "priming/foreign-event.json";
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final Supplier<ClassifyEventHandler> classify;
    private final ObjectMapper json = new ObjectMapper();

    /** The handler is looked up only when priming runs: registering the hook must not add to a plain cold start. */
    @Inject
    public SnapStartPriming(Instance<ClassifyEventHandler> classify) {
        this(classify::get);
    }

    SnapStartPriming(Supplier<ClassifyEventHandler> classify) {
        this.classify = classify;
    }

    /** CRaC keeps resources weakly: this bean (held by the container for the JVM's life) is the strong reference. */
    @jakarta.annotation.PostConstruct
    void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            LOG.infof("SnapStart priming done: %s", prime(true));
        } catch (RuntimeException e) {
            LOG.warnf(e, "SnapStart priming failed; the snapshot is taken without it");
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: no credentials were resolved and no connection is kept open by priming.
    }

    /** Runs the priming; returns what was warmed. {@code sdk=false} leaves out the SDK warm-up's network request. */
    List<String> prime(boolean sdk) {
        List<String> warmed = new ArrayList<>();
        MaintenanceStep step = classify.get().handleRequest(event(), null);
        if (!step.ignored()) throw new IllegalStateException("the priming event must be ignored, but was classified " + step.action());
        try {
            json.writeValueAsBytes(step); // the answer's serialisation, as the runtime writes it
        } catch (IOException e) {
            throw new UncheckedIOException("writing the primed step", e);
        }
        warmed.add("classifyEvent(" + step.action() + ")");
        if (sdk) {
            // not EKS nor DynamoDB: the maintenance functions call DescribeCluster and the registry without their SDK
            // clients (DescribeClusterCall, MaintenanceRegistry)
            SdkWarmUp.warmUp(StsClient.class, SfnClient.class);
            warmed.add("SdkWarmUp(sts, sfn)");
        }
        return warmed;
    }

    private JsonNode event() {
        try (InputStream in = SnapStartPriming.class.getClassLoader().getResourceAsStream(EVENT)) {
            if (in == null) throw new IllegalStateException("priming event " + EVENT + " is not in the package");
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the priming event " + EVENT, e);
        }
    }
}
