package dev.nodeless.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.nodeless.aws.Json;
import dev.nodeless.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A stable fingerprint of a spec: canonical JSON (sorted keys, {@link Json#MAPPER}), SHA-256, hex. */
public final class SpecHash {

    private SpecHash() {}

    public static String of(ClusterSpec spec) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(spec);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising the spec of " + spec.clusterName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
