package io.shelfwise.adapters.aws;

import java.net.URI;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy, an S3 API server, in process on a free loopback port, storing objects in memory. It accepts requests
 * signed with {@link Fixtures#ACCESS_KEY} and {@link Fixtures#SECRET_KEY} only.
 */
public final class LocalS3 implements AutoCloseable {
    private final BlobStoreContext store;
    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3(BlobStoreContext store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static LocalS3 start(String... buckets) throws Exception {
        BlobStoreContext store = ContextBuilder.newBuilder("transient-nio2")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, Fixtures.ACCESS_KEY, Fixtures.SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        for (String bucket : buckets) {
            store.getBlobStore().createContainerInLocation(null, bucket);
        }
        return new LocalS3(store, proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Fixtures.REGION)
                .credentialsProvider(Fixtures.CREDENTIALS)
                // s3proxy predates the SDK's default of checksumming every request.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        } finally {
            store.close();
        }
    }
}
