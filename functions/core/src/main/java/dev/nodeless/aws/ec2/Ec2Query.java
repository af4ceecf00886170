package dev.nodeless.aws.ec2;

import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.SignedHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * One call of the EC2 Query API (form-encoded POST, SigV4-signed by the SDK's own signer, XML answer), so that the
 * maintenance function can read instances without the 26 MB EC2 SDK module. Transient failures (network, 5xx,
 * throttling) are tried again twice with backoff, as the SDK client would, then surface as
 * {@link RetryableStepException}; any other error response as {@link Ec2QueryException} with EC2's code.
 */
final class Ec2Query {

    static final String API_VERSION = "2016-11-15";
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "InternalError", "Unavailable", "ServiceUnavailable");

    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final SignedHttp.Transport http;

    Ec2Query(Region region, Optional<URI> endpointOverride, AwsCredentialsProvider credentials, SignedHttp.Transport http) {
        this.region = region;
        // not region.metadata(): it loads every region's and service's metadata on the cold start (AwsDomains)
        this.endpoint = endpointOverride.orElseGet(() -> URI.create("https://ec2." + region.id() + "." + AwsDomains.dnsSuffix(region.id()) + "/"));
        this.credentials = credentials;
        this.http = http;
    }

    /** Runs {@code action} with {@code params} (already in Query API form, e.g. {@code Filter.1.Name}); returns the answer's root. */
    Element call(String action, Map<String, String> params) {
        StringBuilder body = new StringBuilder("Action=").append(encode(action)).append("&Version=").append(API_VERSION);
        params.forEach((k, v) -> body.append('&').append(encode(k)).append('=').append(encode(v)));
        String form = body.toString();
        return SignedHttp.withRetries("EC2", () -> send(action, form));
    }

    private Element send(String action, String form) {
        String doing = "EC2 " + action + " in " + region.id();
        SignedHttp.Request request = SignedHttp.Request.of("POST", endpoint, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        SignedHttp.Answer sent = SignedHttp.send(http, credentials, region.id(), "ec2", request, form, doing);
        byte[] answer = sent.body();
        int status = sent.status();
        Element root;
        try {
            root = parse(answer, doing + " (HTTP " + status + ")");
        } catch (Ec2QueryException notXml) {
            // A 5xx without EC2's XML (a proxy's or load balancer's error page) is as transient as one with it.
            if (status >= 500) throw new RetryableStepException(notXml.getMessage(), notXml);
            throw notXml;
        }
        if (status / 100 == 2) return root;
        String code = text(first(root, "Code"));
        String message = doing + " failed: HTTP " + status + " " + code + ": " + text(first(root, "Message"));
        if (status >= 500 || RETRYABLE_CODES.contains(code)) throw new RetryableStepException(message);
        throw new Ec2QueryException(code, message);
    }

    /** Parses an answer without resolving DTDs or external entities (the answer is data, never instructions). */
    static Element parse(byte[] xml, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // fail by exception, print nothing
            Document d = builder.parse(new ByteArrayInputStream(xml));
            return d.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new Ec2QueryException("MalformedResponse", what + ": the answer is not XML: " + e.getMessage());
        }
    }

    /** The first element named {@code name} at any depth below {@code e}, or null. */
    static Element first(Element e, String name) {
        var all = e.getElementsByTagName(name);
        return all.getLength() == 0 ? null : (Element) all.item(0);
    }

    /** The direct child element named {@code name}, or null (EC2 nests same-named fields in sub-structures). */
    static Element child(Element e, String name) {
        if (e == null) return null;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && name.equals(c.getTagName())) return c;
        }
        return null;
    }

    /** The {@code item} children of a list element (EC2's encoding of every list). */
    static java.util.List<Element> items(Element list) {
        java.util.List<Element> items = new java.util.ArrayList<>();
        if (list == null) return items;
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && "item".equals(c.getTagName())) items.add(c);
        }
        return items;
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
