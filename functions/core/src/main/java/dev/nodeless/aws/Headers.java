package dev.nodeless.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP header lookup as HTTP defines it: names compare case-insensitively, whatever case a map keeps them in. */
final class Headers {
    private Headers() {
    }

    /** The first value of header {@code name} in {@code headers}; empty when absent or without a value. */
    static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return Optional.of(e.getValue().get(0));
        }
        return Optional.empty();
    }
}
