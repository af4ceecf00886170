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
}
