package dev.nodeless.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One strict JSON configuration for everything Nodeless reads from people and from AWS (specs, events, scenarios,
 * snapshots): a duplicate key is an error (an ambiguous spec must never silently pick one of two values), so is
 * anything after the document, and nesting depth and size are bounded.
 */
public final class StrictJson {

    /** EventBridge events are at most 256 KB. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** Specs, scenarios and DLQ records: far above any real one, far below what could exhaust memory. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 64;

    private StrictJson() {}

    /** A builder with the strict settings; callers add their own (unknown-field handling, inclusion). */
    public static JsonMapper.Builder builder(int maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).maxDocumentLength(maxBytes).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static JsonMapper mapper(int maxBytes) {
        return builder(maxBytes).build();
    }
}
