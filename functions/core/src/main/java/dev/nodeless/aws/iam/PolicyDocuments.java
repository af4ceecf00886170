package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust and permission policies. Trust policies are built here; the long permission policies live as JSON files
 * next to this class ({@code karpenter-controller.json}, {@code load-balancer-controller.json},
 * {@code external-dns.json}) with {@code ${name}} placeholders, so they can be read and reviewed as AWS shows them.
 */
public final class PolicyDocuments {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private PolicyDocuments() {}

    /** Trust for an AWS service principal, optionally only on behalf of resources matching {@code sourceArnLike}. */
    public static String serviceTrust(String service, String sourceArnLike) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", service));
        statement.put("Action", "sts:AssumeRole");
        if (sourceArnLike != null) statement.put("Condition", Map.of("ArnLike", Map.of("aws:SourceArn", sourceArnLike)));
        return document(statement);
    }

    /**
     * IRSA trust: only the one service account, and only tokens minted for STS, may assume the role.
     * {@code issuer} is the cluster's OIDC issuer URL ({@code https://oidc.eks.<region>.amazonaws.com/id/<id>}).
     */
    public static String irsaTrust(String providerArn, String issuer, String subject) {
        String host = issuer.replaceFirst("^https://", "");
        return document(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Federated", providerArn),
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringEquals", Map.of(host + ":sub", subject, host + ":aud", "sts.amazonaws.com"))));
    }

    /** Renders a policy file, failing if a placeholder has no value (a bug, never user input). */
    public static String render(String file, Map<String, String> values) {
        String template;
        try (InputStream in = PolicyDocuments.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("policy file " + file + " is missing from the classpath");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading policy file " + file, e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw new IllegalStateException("policy " + file + " needs a value for ${" + m.group(1) + "}");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Json.write(Json.read(out.toString())); // minified: IAM counts whitespace against the size limit
    }

    public static Map<String, String> placeholders(AwsAccount account, String cluster) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("partition", account.partition());
        v.put("region", account.region());
        v.put("account", account.accountId());
        v.put("cluster", cluster);
        return v;
    }

    private static String document(Map<String, Object> statement) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statement));
        return Json.write(doc);
    }
}
