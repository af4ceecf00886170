package dev.nodeless.event;

import java.util.Optional;
import java.util.regex.Pattern;

/** EC2 instance ids and ARNs ({@code arn:aws:ec2:<region>:<account>:instance/i-...}). */
public final class InstanceIds {

    private static final Pattern ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    private InstanceIds() {}

    /** Rejects the event (not "ignored") when a field that must hold an EC2 instance id holds anything else. */
    static void require(String id, String field) {
        if (!isInstanceId(id)) {
            throw new MalformedEventException(field + " is not an EC2 instance id (i- and 8 or 17 hex digits): '" + id + "'");
        }
    }

    public static boolean isInstanceId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** The instance id inside an id or an instance ARN; empty for anything else (volumes, hosts, ...). */
    public static Optional<String> fromIdOrArn(String value) {
        if (value == null) return Optional.empty();
        String v = value.trim();
        if (v.startsWith("arn:")) {
            int slash = v.lastIndexOf(":instance/");
            if (slash < 0) return Optional.empty();
            v = v.substring(slash + ":instance/".length());
        }
        return isInstanceId(v) ? Optional.of(v) : Optional.empty();
    }

    /** The instance id at the end of a Kubernetes Node's providerID ({@code aws:///eu-west-1a/i-...}). */
    public static Optional<String> fromProviderId(String providerId) {
        if (providerId == null || !providerId.startsWith("aws://")) return Optional.empty();
        String last = providerId.substring(providerId.lastIndexOf('/') + 1);
        return isInstanceId(last) ? Optional.of(last) : Optional.empty();
    }
}
