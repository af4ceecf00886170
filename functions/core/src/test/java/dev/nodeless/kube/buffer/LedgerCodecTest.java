package dev.nodeless.kube.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.Resources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");

    @Test
    void roundTrip_keepsTheShare() {
        Ledger l = Ledger.EMPTY.mark(new AtRisk("n1", "i-0aaaaaaaaaaaaaaa1", "spot-interruption", T0, T0.plusSeconds(120), Resources.of("3", "3Gi")))
                .withSurplusSince(T0).withShare(7);

        assertThat(LedgerCodec.read(LedgerCodec.write(l))).isEqualTo(l);
        assertThat(LedgerCodec.write(l)).contains("\"share\":7");
    }

    @Test
    void noShare_isNotWritten_andReadsBackAsNone() {
        Ledger l = Ledger.EMPTY.withSurplusSince(T0);

        assertThat(LedgerCodec.write(l)).doesNotContain("share");
        assertThat(LedgerCodec.read(LedgerCodec.write(l))).isEqualTo(l);
    }

    @Test
    void annotationWrittenBeforeTheShareExisted_readsWithNoShareMeasured() {
        String old = "{\"clearedAt\":\"2026-11-20T09:00:00Z\",\"atRisk\":[{\"node\":\"n1\",\"instanceId\":\"i-0aaaaaaaaaaaaaaa1\","
                + "\"kind\":\"expiry\",\"markedAt\":\"2026-11-20T09:30:00Z\",\"milliCpu\":1500,\"memoryBytes\":1073741824}]}";

        Ledger l = LedgerCodec.read(old);

        assertThat(l.share()).isNull();
        assertThat(l.atRisk()).containsOnlyKeys("n1");
        assertThat(l.clearedAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    }

    @Test
    void aMangledShare_readsAsNoneMeasured_keepingTheRest() {
        assertThat(LedgerCodec.read("{\"surplusSince\":\"2026-11-20T09:30:00Z\",\"share\":-3,\"atRisk\":[]}"))
                .isEqualTo(Ledger.EMPTY.withSurplusSince(T0));
        assertThat(LedgerCodec.read("{\"share\":\"many\",\"atRisk\":[]}")).isEqualTo(Ledger.EMPTY);
    }

    /** A drift wave or spot storm over 5,000 nodes: all annotations of an object must stay under 256 KiB together. */
    @Test
    void fiveThousandAtRiskNodes_fitWellUnderTheAnnotationLimit_andRoundTrip() {
        java.util.Map<String, AtRisk> nodes = new java.util.LinkedHashMap<>();
        java.util.Random random = new java.util.Random(42);
        Instant t = Instant.parse("2026-11-20T09:30:00Z");
        // As EKS names Karpenter's nodes (from their private IPs in a /16), random instance ids, marks from 5-minute
        // reconcile ticks or an event's second, deadlines to the second, requests as pods ask (250m, 256Mi steps).
        while (nodes.size() < 5000) {
            String node = "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256) + ".eu-west-1.compute.internal";
            String instance = String.format("i-0%016x", random.nextLong() & 0x0fffffffffffffffL);
            boolean spot = random.nextInt(3) == 0;
            Instant marked = spot ? t.plusSeconds(random.nextInt(600)) : t.plusSeconds(300L * random.nextInt(6));
            nodes.put(node, new AtRisk(node, instance, spot ? "spot-interruption" : "expiry", marked,
                    spot ? marked.plusSeconds(120) : t.plusSeconds(random.nextInt(1800)),
                    new Resources(250L * (1 + random.nextInt(32)), (1L + random.nextInt(128)) << 28)));
        }
        Ledger big = new Ledger(nodes, null, t, 12);

        String annotation = LedgerCodec.write(big);

        System.out.printf("ledger of 5000 at-risk nodes: %d bytes in the annotation%n", annotation.length());
        assertThat(annotation).startsWith(LedgerCodec.GZIP);
        assertThat(annotation.length()).as("with room for the other annotations").isLessThan(160 * 1024);
        assertThat(LedgerCodec.read(annotation)).isEqualTo(big);
        assertThat(LedgerCodec.write(LedgerCodec.read(annotation))).as("deterministic: a re-write changes nothing").isEqualTo(annotation);
    }

    @Test
    void smallLedgers_stayPlainJson_readableWithKubectl() {
        Ledger small = new Ledger(java.util.Map.of("n1", new AtRisk("n1", "i-0aaaaaaaaaaaaaaa1", "spot-interruption", Instant.parse("2026-11-20T09:30:00Z"),
                null, new Resources(500, 1L << 30))), null, null, null);
        assertThat(LedgerCodec.write(small)).startsWith("{");
        assertThat(LedgerCodec.read("gzip+base64:not-base64!")).as("mangled reads as empty").isEqualTo(Ledger.EMPTY);
    }

    @Test
    void extendedResources_roundTripInBothForms_andOldAnnotationsReadWithoutThem() {
        Instant t = Instant.parse("2026-11-20T09:30:00Z");
        java.util.Map<String, AtRisk> nodes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            Resources demand = new Resources(4000, 16L << 30, i % 2 == 0 ? java.util.Map.of("nvidia.com/gpu", 2L) : java.util.Map.of());
            nodes.put("gpu-" + i, new AtRisk("gpu-" + i, "i-" + i, "rebalance", t, t.plusSeconds(120), demand));
        }
        Ledger big = new Ledger(nodes, null, null, null);
        Ledger small = new Ledger(java.util.Map.of("gpu-0", nodes.get("gpu-0")), null, null, null);

        assertThat(LedgerCodec.write(big)).startsWith(LedgerCodec.GZIP);
        assertThat(LedgerCodec.read(LedgerCodec.write(big))).isEqualTo(big);
        assertThat(LedgerCodec.read(LedgerCodec.write(big)).demand().extended("nvidia.com/gpu")).isEqualTo(400);
        assertThat(LedgerCodec.write(small)).contains("\"extended\":{\"nvidia.com/gpu\":2}");
        assertThat(LedgerCodec.read(LedgerCodec.write(small))).isEqualTo(small);
        String before = "{\"atRisk\":[{\"node\":\"n1\",\"instanceId\":\"i-1\",\"kind\":\"expiry\",\"markedAt\":\"2026-11-20T09:30:00Z\",\"milliCpu\":500,\"memoryBytes\":1024}]}";
        assertThat(LedgerCodec.read(before).demand()).isEqualTo(new Resources(500, 1024));
    }
}
