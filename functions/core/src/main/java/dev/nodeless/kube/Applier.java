package dev.nodeless.kube;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an ordered list of objects with server-side apply under one field manager ({@code nodeless}, with
 * {@code force=true}: Nodeless owns these fields, and a conflict means someone changed them by hand), so
 * re-runs converge and drift shows up in {@code managedFields}.
 *
 * <p>Order: (1) CRDs, (2) wait until each is {@code Established}, (3) Namespaces, (4) everything else in the
 * given order. If a CRD is not Established within the wait budget, the report lists it and nothing after
 * step 2 is applied; the state machine calls the step again. Every object is checked before the first write,
 * so bad input changes nothing.
 *
 * <p>Create-only fields ({@link CreateOnlyFields}, declared by the object's
 * {@code nodeless.dev/create-only-fields} annotation) are sent once, in a plain create (POST with
 * {@code fieldManager=nodeless}) when the object does not exist yet, and left out of every server-side apply,
 * so the Apply manager never owns them and whoever changes them later keeps their value across re-runs.
 */
public final class Applier {

    /** Waits between polls; tests pass one that does not sleep. */
    public interface Sleeper { void sleep(Duration d) throws InterruptedException; }

    private static final String CRD_KIND = "CustomResourceDefinition";

    private final KubernetesClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration crdWait;
    private final Duration poll;

    public Applier(KubernetesClient client, Clock clock, Sleeper sleeper, Duration crdWait, Duration poll) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.crdWait = crdWait;
        this.poll = poll;
    }

    public ApplyReport apply(List<? extends HasMetadata> objects) {
        List<Target> targets = plan(objects);
        List<ApplyReport.Applied> applied = new ArrayList<>();
        List<String> crds = new ArrayList<>();
        for (Target t : targets) {
            if (t.isCrd()) {
                applied.add(applyOne(t));
                crds.add(t.object().getMetadata().getName());
            }
        }
        List<String> pending = awaitEstablished(crds);
        if (!pending.isEmpty()) return new ApplyReport(applied, pending);
        for (Target t : targets) if (!t.isCrd() && "Namespace".equals(t.object().getKind())) applied.add(applyOne(t));
        for (Target t : targets) if (!t.isCrd() && !"Namespace".equals(t.object().getKind())) applied.add(applyOne(t));
        return new ApplyReport(applied, List.of());
    }

    // ---- 1. check every object and decide how to address it, before any write

    /** How to reach one object: typed objects through fabric8's own mapping, others through a context. */
    record Target(HasMetadata object, ResourceDefinitionContext context, boolean namespaced, String ref, CreateOnlyFields createOnly) {
        boolean isCrd() { return object instanceof CustomResourceDefinition; }
    }

    List<Target> plan(List<? extends HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        List<HasMetadata> normalised = new ArrayList<>();
        for (HasMetadata o : objects) normalised.add(isGenericCrd(o) ? client.getKubernetesSerialization().convertValue(o, CustomResourceDefinition.class) : o);
        Map<String, ResourceDefinitionContext> fromCrds = contextsOf(normalised);
        Set<String> seen = new HashSet<>();
        Map<String, Optional<APIResourceList>> discovered = new HashMap<>(); // one discovery call per apiVersion
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < normalised.size(); i++) {
            HasMetadata o = normalised.get(i);
            String where = "object #" + (i + 1);
            if (o == null || blank(o.getApiVersion()) || blank(o.getKind()) || o.getMetadata() == null || blank(o.getMetadata().getName())) {
                problems.add(where + ": apiVersion, kind and metadata.name are required");
                continue;
            }
            ResourceDefinitionContext ctx = null;
            boolean namespaced;
            if (o instanceof GenericKubernetesResource) {
                ctx = fromCrds.get(key(o.getApiVersion(), o.getKind()));
                if (ctx == null) ctx = discover(discovered, o.getApiVersion(), o.getKind());
                if (ctx == null) {
                    problems.add(where + " (" + o.getKind() + " " + o.getMetadata().getName() + "): no API serves kind " + o.getKind()
                            + " in " + o.getApiVersion() + " and no CRD in this apply defines it");
                    continue;
                }
                namespaced = Boolean.TRUE.equals(ctx.isNamespaceScoped());
            } else {
                namespaced = o instanceof Namespaced;
            }
            String ns = o.getMetadata().getNamespace();
            String ref = o.getKind() + " " + (namespaced ? ns + "/" : "") + o.getMetadata().getName();
            if (namespaced && blank(ns)) problems.add(ref + ": namespaced kind without metadata.namespace");
            if (!namespaced && !blank(ns)) problems.add(ref + ": cluster-scoped kind must not set metadata.namespace (" + ns + ")");
            if (!seen.add(o.getApiVersion() + "|" + ref)) problems.add(ref + ": appears twice");
            targets.add(new Target(o, ctx, namespaced, ref, createOnlyFields(o, ref, problems)));
        }
        if (!problems.isEmpty()) throw new KubeRejectedException("refusing to apply " + objects.size() + " objects, nothing was changed: " + String.join("; ", problems));
        return targets;
    }

    private CreateOnlyFields createOnlyFields(HasMetadata o, String ref, List<String> problems) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION)) return CreateOnlyFields.NONE;
        return CreateOnlyFields.of(asMap(o), ref, problems);
    }

    private static boolean isGenericCrd(HasMetadata o) {
        return o instanceof GenericKubernetesResource && CRD_KIND.equals(o.getKind()) && o.getApiVersion() != null
                && o.getApiVersion().startsWith("apiextensions.k8s.io/");
    }

    /** Kinds the CRDs in this apply define: the API server cannot be asked yet, they may not exist there. */
    private static Map<String, ResourceDefinitionContext> contextsOf(List<HasMetadata> objects) {
        Map<String, ResourceDefinitionContext> out = new HashMap<>();
        for (HasMetadata o : objects) {
            if (!(o instanceof CustomResourceDefinition crd) || crd.getSpec() == null || crd.getSpec().getNames() == null) continue;
            var spec = crd.getSpec();
            for (CustomResourceDefinitionVersion v : spec.getVersions()) {
                out.put(key(spec.getGroup() + "/" + v.getName(), spec.getNames().getKind()), new ResourceDefinitionContext.Builder()
                        .withGroup(spec.getGroup()).withVersion(v.getName()).withKind(spec.getNames().getKind())
                        .withPlural(spec.getNames().getPlural()).withNamespaced("Namespaced".equals(spec.getScope())).build());
            }
        }
        return out;
    }

    /** Kinds already served by the cluster (CRDs installed earlier or by someone else), via API discovery. */
    private ResourceDefinitionContext discover(Map<String, Optional<APIResourceList>> cache, String apiVersion, String kind) {
        APIResourceList list = cache.computeIfAbsent(apiVersion, v -> {
            try {
                return Optional.ofNullable(client.getApiResources(v));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) return Optional.empty();
                throw KubeFailures.classify("discovering the API of " + kind + " in " + v, e);
            }
        }).orElse(null);
        if (list == null) return null;
        int slash = apiVersion.indexOf('/');
        for (APIResource r : list.getResources()) {
            if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
                return new ResourceDefinitionContext.Builder()
                        .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash)).withVersion(apiVersion.substring(slash + 1))
                        .withKind(kind).withPlural(r.getName()).withNamespaced(Boolean.TRUE.equals(r.getNamespaced())).build();
            }
        }
        return null;
    }

    // ---- 2. write one object

    private ApplyReport.Applied applyOne(Target t) {
        HasMetadata body = t.object();
        try {
            HasMetadata before = resourceOf(t, body).get();
            if (!t.createOnly().isEmpty()) {
                if (before == null && !create(t)) before = resourceOf(t, body).get(); // created by someone else since the read
                body = client.getKubernetesSerialization().convertValue(t.createOnly().strip(asMap(body)), body.getClass());
            }
            HasMetadata after = resourceOf(t, body).fieldManager(ResourceNames.FIELD_MANAGER).forceConflicts().serverSideApply();
            return new ApplyReport.Applied(t.ref(), change(before, after));
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("applying " + t.ref(), e);
        }
    }

    /**
     * POST of the whole object, create-only fields included, as field manager {@code nodeless} (operation Update in
     * managedFields, apart from the Apply entry). fabric8's create() cannot name a field manager, hence the raw request.
     *
     * @return false when the object exists already (409 AlreadyExists): its create-only fields are left alone
     */
    private boolean create(Target t) {
        try {
            client.raw(URLUtils.join(client.getMasterUrl().toString(), collectionPath(t) + "?fieldManager=" + ResourceNames.FIELD_MANAGER),
                    "POST", t.object());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 && e.getStatus() != null && "AlreadyExists".equals(e.getStatus().getReason())) return false;
            throw KubeFailures.classify("creating " + t.ref() + " with its create-only fields", e);
        }
    }

    private static String collectionPath(Target t) {
        ResourceDefinitionContext ctx = t.context() != null ? t.context() : ResourceDefinitionContext.fromResourceType(t.object().getClass());
        String group = ctx.getGroup() == null || ctx.getGroup().isEmpty() ? "api" : "apis/" + ctx.getGroup();
        String namespace = t.namespaced() ? "namespaces/" + t.object().getMetadata().getNamespace() + "/" : "";
        return group + "/" + ctx.getVersion() + "/" + namespace + ctx.getPlural();
    }

    private Resource<? extends HasMetadata> resourceOf(Target t, HasMetadata body) {
        if (t.context() == null) return client.resource(body);
        var kind = client.genericKubernetesResources(t.context());
        GenericKubernetesResource o = (GenericKubernetesResource) body;
        return t.namespaced() ? kind.inNamespace(o.getMetadata().getNamespace()).resource(o) : kind.resource(o);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(HasMetadata o) {
        return client.getKubernetesSerialization().convertValue(o, Map.class);
    }

    /** Server-side apply writes nothing when nothing changed, so an unchanged resourceVersion means unchanged. */
    static ApplyReport.Change change(HasMetadata before, HasMetadata after) {
        if (before == null) return ApplyReport.Change.CREATED;
        String was = before.getMetadata().getResourceVersion();
        String now = after == null ? null : after.getMetadata().getResourceVersion();
        return was != null && was.equals(now) ? ApplyReport.Change.UNCHANGED : ApplyReport.Change.CONFIGURED;
    }

    // ---- 3. wait for CRDs

    private List<String> awaitEstablished(List<String> names) {
        Set<String> pending = new LinkedHashSet<>(names);
        Instant deadline = clock.instant().plus(crdWait);
        while (true) {
            pending.removeIf(this::established);
            if (pending.isEmpty() || !clock.instant().isBefore(deadline)) return List.copyOf(pending);
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.copyOf(pending);
            }
        }
    }

    private boolean established(String crdName) {
        try {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
            return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("reading CRD " + crdName, e);
        }
    }

    private static String key(String apiVersion, String kind) { return apiVersion + "|" + kind; }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
