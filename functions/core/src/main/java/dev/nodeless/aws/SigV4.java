package dev.nodeless.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written from the AWS documentation ("Create a signed AWS API request"), with the JDK's
 * HMAC-SHA256 and SHA-256 only, so the maintenance path does not load the SDK's signer. Two forms: {@link #signHeaders}
 * (the {@code Authorization} header, for DynamoDB, EC2 and EKS calls) and {@link #presign} (the signature in the query
 * string, for the EKS token's STS URL). The rules are those of every service but S3: the path is URI-encoded once more,
 * the payload hash is the body's SHA-256
 * (sent as {@code x-amz-content-sha256} when signing headers, as the SDK does; not in presigned URLs). {@code SigV4Test} checks the output against the
 * SDK's {@code AwsV4HttpSigner} byte for byte.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    /**
     * The payload's SHA-256 as a signed header: the SDK's signer sends it for every service (not only S3), so we do too
     * and AWS (and moto) see the same request as from an SDK client.
     */
    public static final String CONTENT_SHA256 = "x-amz-content-sha256";

    /** The signing identity: a key pair and, for temporary credentials, the session token. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("AWS credentials need an access key id and a secret access key");
            }
            if (sessionToken != null && sessionToken.isBlank()) sessionToken = null;
        }
        @Override public String toString() { return "Credentials[" + accessKeyId + "]"; } // never log the secret
    }

    /** Where to sign: region, service signing name and the request time. */
    public record Scope(String region, String service, Instant time) {
        String date() { return stamp().substring(0, 8); }
        String stamp() { return STAMP.format(time); }
        String credentialScope() { return date() + "/" + region + "/" + service + "/aws4_request"; }
    }

    private SigV4() {}

    /**
     * The headers to add to a request ({@code Host}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} when the credentials
     * carry one, {@code x-amz-content-sha256}, {@code Authorization}), in that order. {@code query} holds unencoded names and values; {@code headers}
     * are the ones the request already has (all are signed); {@code payload} may be null (no body).
     */
    public static Map<String, String> signHeaders(String method, URI uri, Map<String, List<String>> query,
                                                  Map<String, List<String>> headers, byte[] payload, Credentials credentials, Scope scope) {
        return signHeaders(method, uri, query, headers, payload, credentials, scope, true);
    }

    /** As above; without the content-hash header only for checking against the AWS documentation's examples, which have none. */
    static Map<String, String> signHeaders(String method, URI uri, Map<String, List<String>> query, Map<String, List<String>> headers,
                                           byte[] payload, Credentials credentials, Scope scope, boolean contentHashHeader) {
        Map<String, String> added = new LinkedHashMap<>();
        if (Headers.first(headers, "host").isEmpty()) added.put("Host", host(uri));
        added.put("X-Amz-Date", scope.stamp());
        if (credentials.sessionToken() != null) added.put("X-Amz-Security-Token", credentials.sessionToken());
        String payloadHash = sha256Hex(payload);
        if (contentHashHeader) added.put(CONTENT_SHA256, payloadHash);
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        added.forEach((k, v) -> all.put(k, List.of(v)));
        TreeMap<String, String> canonicalHeaders = canonicalHeaders(all);
        String signedHeaders = String.join(";", canonicalHeaders.keySet());
        String signature = signature(method, uri, canonicalQuery(query), canonicalHeaders, payloadHash, credentials, scope);
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope.credentialScope()
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /**
     * The query parameters to append to a presigned GET URL (unencoded, in the order the SDK writes them), the signature
     * last. {@code headers} are the headers the caller of the URL must send (the host is added and signed here).
     */
    public static Map<String, String> presign(String method, URI uri, Map<String, List<String>> query, Map<String, List<String>> headers,
                                              Duration expires, Credentials credentials, Scope scope) {
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        if (Headers.first(headers, "host").isEmpty()) all.put("Host", List.of(host(uri)));
        TreeMap<String, String> canonicalHeaders = canonicalHeaders(all);
        Map<String, String> added = new LinkedHashMap<>();
        if (credentials.sessionToken() != null) added.put("X-Amz-Security-Token", credentials.sessionToken());
        added.put("X-Amz-Algorithm", ALGORITHM);
        added.put("X-Amz-Date", scope.stamp());
        added.put("X-Amz-SignedHeaders", String.join(";", canonicalHeaders.keySet()));
        added.put("X-Amz-Credential", credentials.accessKeyId() + "/" + scope.credentialScope());
        added.put("X-Amz-Expires", Long.toString(expires.toSeconds()));
        Map<String, List<String>> signedQuery = new LinkedHashMap<>(query);
        added.forEach((k, v) -> signedQuery.put(k, List.of(v)));
        added.put("X-Amz-Signature", signature(method, uri, canonicalQuery(signedQuery), canonicalHeaders, sha256Hex(null), credentials, scope));
        return added;
    }

    private static String signature(String method, URI uri, String canonicalQuery, TreeMap<String, String> canonicalHeaders,
                                    String payloadHash, Credentials credentials, Scope scope) {
        StringBuilder canonical = new StringBuilder(method).append('\n')
                .append(canonicalPath(uri.getRawPath())).append('\n')
                .append(canonicalQuery).append('\n');
        canonicalHeaders.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        canonical.append('\n').append(String.join(";", canonicalHeaders.keySet())).append('\n').append(payloadHash);
        String toSign = ALGORITHM + "\n" + scope.stamp() + "\n" + scope.credentialScope() + "\n" + sha256Hex(bytes(canonical.toString()));
        byte[] key = hmac(bytes("AWS4" + credentials.secretAccessKey()), scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, scope.service());
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, toSign));
    }

    /** The path with dot segments removed, then each character outside the unreserved set percent-encoded (again). */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        String normalized = URI.create("http://h" + rawPath.replace(" ", "%20")).normalize().getRawPath();
        if (normalized.isEmpty()) normalized = "/";
        if (rawPath.endsWith("/") && !normalized.endsWith("/")) normalized += "/";
        return encode(normalized, true);
    }

    /** Names and values encoded, sorted by name then value; a parameter without a value is {@code name=}. */
    static String canonicalQuery(Map<String, List<String>> query) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        query.forEach((name, values) -> {
            List<String> encoded = new ArrayList<>();
            if (values == null || values.isEmpty()) encoded.add("");
            else values.forEach(v -> encoded.add(v == null ? "" : encode(v, false)));
            encoded.sort(null);
            sorted.computeIfAbsent(encode(name, false), k -> new ArrayList<>()).addAll(encoded);
        });
        StringBuilder out = new StringBuilder();
        sorted.forEach((name, values) -> values.forEach(v -> {
            if (!out.isEmpty()) out.append('&');
            out.append(name).append('=').append(v);
        }));
        return out.toString();
    }

    /** Parameters as a URL's query, in the given order, names and values encoded as {@link #encode} does (what the SDK writes). */
    public static String queryString(Map<String, List<String>> query) {
        StringBuilder out = new StringBuilder();
        query.forEach((name, values) -> values.forEach(v -> {
            if (!out.isEmpty()) out.append('&');
            out.append(encode(name, false)).append('=').append(encode(v, false));
        }));
        return out.toString();
    }

    /** Lower-case names, sorted; values trimmed with inner runs of spaces collapsed, repeated headers joined by commas. */
    private static TreeMap<String, String> canonicalHeaders(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> grouped = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (UNSIGNED.contains(lower)) return;
            values.forEach(v -> grouped.computeIfAbsent(lower, k -> new ArrayList<>()).add(v == null ? "" : v.trim().replaceAll(" +", " ")));
        });
        TreeMap<String, String> out = new TreeMap<>();
        grouped.forEach((k, v) -> out.put(k, String.join(",", v)));
        return out;
    }

    /** Headers a proxy or the HTTP stack may change on the way, which AWS does not require to be signed. */
    private static final List<String> UNSIGNED = List.of("connection", "x-amzn-trace-id", "user-agent", "expect");

    /** RFC 3986 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay as they are (and '/' when {@code path}). */
    public static String encode(String value, boolean path) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes(value)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~'
                    || (path && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static String host(URI uri) {
        int port = uri.getPort();
        boolean standard = port == -1 || ("https".equals(uri.getScheme()) && port == 443) || ("http".equals(uri.getScheme()) && port == 80);
        return standard ? uri.getHost() : uri.getHost() + ":" + port;
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
