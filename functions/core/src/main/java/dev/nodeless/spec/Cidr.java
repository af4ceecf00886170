package dev.nodeless.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block such as {@code 10.0.0.0/16}; parsing checks that no host bits are set. */
public record Cidr(long address, int prefix) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** The block, or empty with no reason; use {@link #problem} for the reason. */
    public static Optional<Cidr> parse(String text) {
        return problem(text) == null ? Optional.of(build(text)) : Optional.empty();
    }

    /** Why {@code text} is not a valid IPv4 CIDR block, or {@code null} when it is. */
    public static String problem(String text) {
        if (text == null) return "is required";
        Matcher m = FORM.matcher(text);
        if (!m.matches()) return "must be an IPv4 CIDR block like 10.0.0.0/16, got '" + text + "'";
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) return "has an octet above 255: '" + text + "'";
        }
        if (Integer.parseInt(m.group(5)) > 32) return "has a prefix length above 32: '" + text + "'";
        Cidr c = build(text);
        long hostMask = c.prefix == 0 ? 0xFFFFFFFFL : (1L << (32 - c.prefix)) - 1;
        if ((c.address & hostMask) != 0) return "has host bits set ('" + text + "'; the block starts at " + c.network() + ")";
        return null;
    }

    private static Cidr build(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException(text);
        long a = 0;
        for (int i = 1; i <= 4; i++) a = (a << 8) | Integer.parseInt(m.group(i));
        return new Cidr(a, Integer.parseInt(m.group(5)));
    }

    private String network() {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long n = address & mask;
        return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255) + "/" + prefix;
    }
}
