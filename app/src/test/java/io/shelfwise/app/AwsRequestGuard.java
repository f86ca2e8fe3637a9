package io.shelfwise.app;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Runs in every AWS SDK client built in the app's tests, the platform's included (the SDK loads it from
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath): refuses, before
 * anything is sent, a request to any host but loopback, so a client without an endpoint override fails instead of
 * reaching real AWS; and records every request that goes out, with the access key that signed it.
 */
public final class AwsRequestGuard implements ExecutionInterceptor {
    /** One request as it went on the wire. */
    record Sent(String service, String operation, URI uri, String accessKeyId, SdkRequest request) {
    }

    private static final List<Sent> SENT = new CopyOnWriteArrayList<>();
    private static final List<URI> REFUSED = new CopyOnWriteArrayList<>();

    static List<Sent> sent() {
        return List.copyOf(SENT);
    }

    static List<URI> refused() {
        return List.copyOf(REFUSED);
    }

    static void clear() {
        SENT.clear();
        REFUSED.clear();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest http = context.httpRequest();
        URI uri = http.getUri();
        if (!isLoopback(http.host())) {
            REFUSED.add(uri);
            throw new IllegalStateException("a test's AWS request must go to a local server, not " + uri);
        }
        SENT.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), uri, accessKeyId(http),
                context.request()));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** The key id in a SigV4 {@code Authorization: AWS4-HMAC-SHA256 Credential=<key>/<scope>, ...} header. */
    private static String accessKeyId(SdkHttpRequest http) {
        Optional<String> authorization = http.firstMatchingHeader("Authorization");
        return authorization.filter(a -> a.contains("Credential="))
                .map(a -> a.substring(a.indexOf("Credential=") + "Credential=".length()))
                .map(a -> a.substring(0, a.indexOf('/')))
                .orElse(null);
    }
}
