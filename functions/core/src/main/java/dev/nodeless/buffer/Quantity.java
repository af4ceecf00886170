package dev.nodeless.buffer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Kubernetes resource quantities (apimachinery {@code resource.Quantity}) to plain numbers, rounding up. */
public final class Quantity {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantity() {}

    /** The quantity's value as a decimal number of base units; {@code null} or blank is zero. */
    public static BigDecimal parse(String quantity) {
        if (quantity == null || quantity.isBlank()) return BigDecimal.ZERO;
        String q = quantity.trim();
        int i = 0;
        if (i < q.length() && (q.charAt(i) == '+' || q.charAt(i) == '-')) i++;
        while (i < q.length() && (Character.isDigit(q.charAt(i)) || q.charAt(i) == '.')) i++;
        String number = q.substring(0, i);
        String suffix = q.substring(i);
        if (number.isEmpty()) throw new IllegalArgumentException("not a quantity: '" + quantity + "'");
        if (suffix.matches("[eE][+-]?\\d+")) {
            return new BigDecimal(number).scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor == null) throw new IllegalArgumentException("unknown quantity suffix in '" + quantity + "'");
        return new BigDecimal(number).multiply(factor);
    }

    /**
     * The largest quantity Nodeless accepts anywhere (spec, snapshot, simulator), in base units: a thousand times it
     * still fits the internal unit (millicores in a long), so demand can never wrap or turn negative.
     */
    static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    public static long milliCpu(String quantity) {
        return inRange(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public static long bytes(String quantity) {
        return inRange(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The parsed value when it is 0 or more and at most {@link #MAX}; else a reason naming the quantity. */
    private static BigDecimal inRange(String quantity) {
        BigDecimal v = parse(quantity);
        if (v.signum() < 0) throw new IllegalArgumentException("quantity '" + quantity + "' is negative");
        if (v.compareTo(MAX) > 0) throw new IllegalArgumentException("quantity '" + quantity + "' is too large (at most " + MAX.toPlainString() + ")");
        return v;
    }

    public static boolean isValid(String quantity) {
        try {
            inRange(quantity);
            return quantity != null && !quantity.isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
