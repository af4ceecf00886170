package dev.nodeless.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST STUB for server-side apply, which the fabric8 CRUD mock lacks (it answers 415). Everything else is
 * the real CRUD dispatcher. An apply-patch request becomes: create when absent; otherwise a recursive merge
 * of the applied fields into the stored object (maps merge, lists and scalars replace) and no write at all
 * when that changes nothing, so the resourceVersion stays, as with real SSA for a single field manager.
 * It does not model field ownership, removal of fields a manager stopped applying, or conflicts; the exact
 * SSA requests are asserted in {@link ApplierRequestsTest}. With {@code establishCrds}, a created CRD gets
 * {@code Established=True} at once, as the API server sets it within milliseconds.
 */
final class SsaOnCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean establishCrds;
    final List<RecordedRequest> applies = Collections.synchronizedList(new ArrayList<>());

    SsaOnCrudDispatcher(boolean establishCrds) { this.establishCrds = establishCrds; }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (!"PATCH".equals(request.getMethod()) || type == null || !type.startsWith("application/apply-patch")) return super.dispatch(request);
        applies.add(request);
        String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
        try {
            Map<String, Object> applied = read(request.getUtf8Body());
            MockResponse current = handleGet(path);
            if (current.code() == 404) {
                if (establishCrds && path.contains("/customresourcedefinitions/")) {
                    applied.put("status", Map.of("conditions", List.of(Map.of("type", "Established", "status", "True", "reason", "InitialNamesAccepted"))));
                }
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, request.getHeaders(), body(applied)));
            }
            Map<String, Object> stored = read(current.getBody().readUtf8());
            Map<String, Object> merged = merge(read(JSON.writeValueAsString(stored)), applied);
            if (merged.equals(stored)) return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(stored)); // no write
            return handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, request.getHeaders(), body(merged)));
        } catch (Exception e) {
            return new MockResponse().setResponseCode(500).setBody("SSA stub: " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> into, Map<String, Object> from) {
        for (var e : from.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && into.get(e.getKey()) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) m);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
        return into;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) throws Exception {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    private static Buffer body(Map<String, Object> o) throws Exception {
        return new Buffer().writeUtf8(JSON.writeValueAsString(o));
    }
}
