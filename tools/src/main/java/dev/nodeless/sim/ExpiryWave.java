package dev.nodeless.sim;

/**
 * {@code nodes} of the initial nodes were created together (one scale-up) and so all reach {@code expireAfter}
 * at {@code atMinutes} into the run; Karpenter expires them forcefully, without launching replacements first.
 */
public record ExpiryWave(double atMinutes, int nodes) {
    public ExpiryWave {
        if (atMinutes < 0 || nodes < 0) throw new IllegalArgumentException("expiry wave needs atMinutes >= 0 and nodes >= 0");
    }
}
