package dev.nodeless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.json.StrictJson;

/**
 * What can land in the maintenance dead-letter queue, read from a message body:
 * <ul>
 *   <li>an EventBridge target failure: the original event itself (the rule's DeadLetterConfig);</li>
 *   <li>a Lambda asynchronous-invoke OnFailure destination record: {@code requestContext} (requestId, functionArn,
 *       condition, approximateInvokeCount), {@code requestPayload} (the event the function was invoked with),
 *       {@code responseContext}, {@code responsePayload} (the function's error);</li>
 *   <li>anything else, unreadable: it stays in the queue and is reported.</li>
 * </ul>
 */
sealed interface DeadLetterRecord {

    /** An event to start maintain-buffer with (directly dead-lettered, or the payload of a failed invocation). */
    record Event(String id, JsonNode event, String via) implements DeadLetterRecord {}

    /** A failed scheduled reconcile: nothing to replay, the next scheduled run reconciles everything again. */
    record Superseded(String reason) implements DeadLetterRecord {}

    record Unreadable(String reason) implements DeadLetterRecord {}

    ObjectMapper JSON = StrictJson.mapper(StrictJson.MAX_DOCUMENT_BYTES);

    static DeadLetterRecord read(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return new Unreadable("not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) return new Unreadable("not a JSON object");
        if (root.has("requestContext") && root.has("requestPayload")) {
            JsonNode ctx = root.get("requestContext");
            String via = "Lambda " + ctx.path("functionArn").asText("?") + " " + ctx.path("condition").asText("failed")
                    + " after " + ctx.path("approximateInvokeCount").asText("?") + " attempt(s): "
                    + root.path("responsePayload").path("errorMessage").asText(root.path("responsePayload").asText(""));
            JsonNode payload = root.get("requestPayload");
            if (scheduled(payload)) {
                return new Superseded("a failed scheduled reconcile (" + via + "); the next scheduled reconcile covers every cluster again");
            }
            return event(payload, via);
        }
        if (scheduled(root)) {
            // the schedule's tick could not start reconcile-fleet: replaying it into maintain-buffer would only be ignored
            return new Superseded("a schedule tick that could not start reconcile-fleet (EventBridge target failure); "
                    + "the next tick reconciles every cluster again");
        }
        return event(root, "EventBridge target failure");
    }

    private static boolean scheduled(JsonNode e) {
        return "Scheduled Event".equals(e.path("detail-type").asText()) && "aws.events".equals(e.path("source").asText());
    }

    private static DeadLetterRecord event(JsonNode e, String via) {
        String id = e.path("id").asText("");
        if (id.isBlank() || !e.hasNonNull("source") || !e.hasNonNull("detail-type")) {
            return new Unreadable("not an EventBridge event (no id, source or detail-type)");
        }
        return new Event(id, e, via);
    }
}
