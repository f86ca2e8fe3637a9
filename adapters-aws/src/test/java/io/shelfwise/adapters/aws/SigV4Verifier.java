package io.shelfwise.adapters.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * Checks an AWS Signature Version 4 the way AWS does: rebuilds the canonical request from what arrived (method,
 * path, query, the signed headers, the payload's hash), derives the signing key from the secret of the access key
 * the request names, and compares signatures. Covers what SES and SNS clients send (non-S3 path encoding, signed
 * body); not presigned URLs or chunked uploads.
 */
final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");

    /** The scope a request was signed for. */
    record Credential(String accessKeyId, String date, String region, String service) {
    }

    private final Map<String, String> secrets;

    /** @param secrets the secret access key of each access key id the stand-in account knows */
    SigV4Verifier(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** The credential scope a request names, or empty when it carries no SigV4 authorization. */
    static Optional<Credential> credential(RecordedRequest request) {
        Matcher m = authorization(request);
        return m == null ? Optional.empty() : Optional.of(new Credential(m.group(1), m.group(2), m.group(3),
                m.group(4)));
    }

    /** Whether the request is signed by a known key, for the date it carries, with a signature that matches. */
    boolean verify(RecordedRequest request) {
        Matcher m = authorization(request);
        if (m == null) {
            return false;
        }
        String secret = secrets.get(m.group(1));
        String amzDate = request.getHeaders().get("x-amz-date");
        if (secret == null || amzDate == null || !amzDate.startsWith(m.group(2))) {
            return false;
        }
        List<String> signedHeaders = Arrays.asList(m.group(5).split(";"));
        if (!signedHeaders.contains("host")) {
            return false;
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        String payloadHash = HexFormat.of().formatHex(sha256(body));
        String claimed = request.getHeaders().get("x-amz-content-sha256");
        if (claimed != null && !claimed.equals(payloadHash)) {
            return false;
        }
        String target = request.getTarget();
        int q = target.indexOf('?');
        String canonicalRequest = String.join("\n", request.getMethod(),
                canonicalPath(q < 0 ? target : target.substring(0, q)),
                canonicalQuery(q < 0 ? "" : target.substring(q + 1)),
                canonicalHeaders(request, signedHeaders), m.group(5), payloadHash);
        String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
                HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : List.of(m.group(2), m.group(3), m.group(4), "aws4_request")) {
            key = hmac(key, part);
        }
        byte[] expected = hmac(key, stringToSign);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(6)));
    }

    private static Matcher authorization(RecordedRequest request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null) {
            return null;
        }
        Matcher m = AUTHORIZATION.matcher(header);
        return m.matches() ? m : null;
    }

    /** Every service but S3 encodes the already-encoded path once more, segment by segment. */
    private static String canonicalPath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(encode(name) + "=" + encode(value));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String canonicalHeaders(RecordedRequest request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.getHeaders().values(name).stream()
                    .map(v -> v.strip().replaceAll("\\s+", " ")).toList();
            out.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 specifies. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body a test can tamper with, to show a changed request no longer verifies. */
    static RecordedRequest withBody(RecordedRequest request, String body) {
        ByteString bytes = ByteString.encodeUtf8(body);
        return new RecordedRequest(request.getConnectionIndex(), request.getExchangeIndex(), request.getHandshake(),
                request.getHandshakeServerNames(), request.getMethod(), request.getTarget(), request.getVersion(),
                request.getUrl(), request.getHeaders(), bytes, bytes.size(), request.getChunkSizes(),
                request.getFailure());
    }
}
