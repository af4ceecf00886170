package dev.nodeless.kube.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Metadata-only, paginated lists: the API server answers a list sent with {@code Accept:
 * application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1} with each object's metadata only (name, labels,
 * owners, timestamps), not its spec and status. A Node's status alone (images, conditions, addresses) weighs
 * kilobytes; the reconcile needs only names. fabric8 7.5 has no typed call for it, so the request goes through the
 * client's own HTTP client (same endpoint, token, retries and timeouts as every other call). A server that ignores
 * the header (an older one, or the emulator) sends full objects, of which only {@code metadata} is read.
 */
final class MetadataLists {

    static final String ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetadataLists() {}

    /**
     * Names of every object at {@code path} (e.g. {@code api/v1/nodes}), {@code limit} per page.
     *
     * @param labelSelector an equality selector such as {@code key=value}, or null
     * @throws KubernetesClientException with the HTTP code (0: no response), as fabric8's own calls throw it
     */
    static List<String> names(KubernetesClient client, String path, String labelSelector, long limit) {
        List<String> names = new ArrayList<>();
        String cont = null;
        do {
            StringBuilder url = new StringBuilder(client.getMasterUrl().toString().replaceAll("/$", "")).append('/').append(path)
                    .append("?limit=").append(limit);
            if (labelSelector != null) url.append("&labelSelector=").append(URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
            if (cont != null) url.append("&continue=").append(URLEncoder.encode(cont, StandardCharsets.UTF_8));
            JsonNode page = get(client, url.toString());
            for (JsonNode item : page.path("items")) names.add(item.path("metadata").path("name").asText());
            cont = page.path("metadata").path("continue").asText("");
        } while (!cont.isEmpty());
        return names;
    }

    private static JsonNode get(KubernetesClient client, String url) {
        HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", ACCEPT);
        Integer timeout = client.getConfiguration().getRequestTimeout();
        if (timeout != null && timeout > 0) request.timeout(timeout, TimeUnit.MILLISECONDS);
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request.build(), String.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while listing " + url, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException("listing " + url + ": " + e.getCause().getMessage(), e.getCause());
        }
        try {
            if (!response.isSuccessful()) {
                Status status = new StatusBuilder().withCode(response.code()).withMessage(message(response.body())).build();
                throw new KubernetesClientException("listing " + url + ": " + status.getMessage(), response.code(), status);
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new KubernetesClientException("listing " + url + ": the answer is not JSON: " + e.getMessage(), e);
        }
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body);
        } catch (Exception e) {
            return body == null ? "" : body;
        }
    }
}
