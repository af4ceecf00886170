package dev.nodeless.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Karpenter writes them ({@code 30s}, {@code 1m30s}, {@code 720h}); {@code Never} is empty. */
public final class Durations {

    public static final String NEVER = "Never";
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|h|m|s))+");

    private Durations() {}

    public static boolean isValid(String text, boolean neverAllowed) {
        if (text == null) return false;
        if (NEVER.equals(text)) return neverAllowed;
        return WHOLE.matcher(text).matches();
    }

    /** Parses a duration; {@code Never} gives empty. Throws {@link IllegalArgumentException} on anything else. */
    public static Optional<Duration> parse(String text) {
        if (NEVER.equals(text)) return Optional.empty();
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a duration (like 30s, 10m, 720h): '" + text + "'");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        }
        return Optional.of(d);
    }

    public static Duration require(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("a finite duration is required here, not Never"));
    }
}
