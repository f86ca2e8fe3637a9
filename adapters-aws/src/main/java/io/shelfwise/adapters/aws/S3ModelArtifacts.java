package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.isolation.TenantScope;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Each tenant's model files in the artifact bucket under {@code <tenant>/}, one object per name. */
public final class S3ModelArtifacts implements ModelArtifacts {
    private final Function<TenantId, S3Client> clients;
    private final PlatformNaming naming;

    /**
     * @param clients the S3 client to use for each tenant: one signing with the tenant's scoped credentials (see
     *                {@link StsTenantCredentials}, {@link TenantClients}), or one shared client
     */
    public S3ModelArtifacts(Function<TenantId, S3Client> clients, PlatformNaming naming) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.naming = Objects.requireNonNull(naming, "naming");
    }

    @Override
    public void put(TenantId tenant, String name, byte[] content) {
        Objects.requireNonNull(content, "content");
        put(TenantScope.of(tenant, naming), key(tenant, requireName(name, false)), content);
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String name) {
        return get(TenantScope.of(tenant, naming), key(tenant, requireName(name, false)));
    }

    @Override
    public List<String> list(TenantId tenant, String prefix) {
        return list(TenantScope.of(tenant, naming), key(tenant, requireName(prefix, true)));
    }

    @Override
    public void delete(TenantId tenant, String name) {
        delete(TenantScope.of(tenant, naming), key(tenant, requireName(name, false)));
    }

    // The public methods build the tenant's key; these check it against the tenant's policy before any request,
    // so a wrong key (a bug upstream) is refused rather than sent.
    void put(TenantScope scope, String key, byte[] content) {
        String checked = scope.artifactKey("s3:PutObject", key);
        clients.apply(scope.tenant()).putObject(r -> r.bucket(naming.artifactBucket()).key(checked),
                RequestBody.fromBytes(content));
    }

    Optional<byte[]> get(TenantScope scope, String key) {
        String checked = scope.artifactKey("s3:GetObject", key);
        try {
            return Optional.of(clients.apply(scope.tenant())
                    .getObjectAsBytes(r -> r.bucket(naming.artifactBucket()).key(checked))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    List<String> list(TenantScope scope, String keyPrefix) {
        scope.require("s3:ListBucket", naming.bucketArn(), Map.of("s3:prefix", keyPrefix));
        int tenantPrefixLength = naming.artifactPrefix(scope.tenant()).length();
        return clients.apply(scope.tenant())
                .listObjectsV2Paginator(r -> r.bucket(naming.artifactBucket()).prefix(keyPrefix))
                .contents().stream()
                .map(S3Object::key)
                .map(key -> key.substring(tenantPrefixLength))
                .sorted()
                .toList();
    }

    void delete(TenantScope scope, String key) {
        String checked = scope.artifactKey("s3:DeleteObject", key);
        clients.apply(scope.tenant()).deleteObject(r -> r.bucket(naming.artifactBucket()).key(checked));
    }

    private String key(TenantId tenant, String name) {
        return naming.artifactPrefix(tenant) + name;
    }

    /**
     * A name must stay inside the tenant's prefix however a client or server treats it: HTTP stacks may normalise
     * {@code ..} and {@code .} path segments and merge {@code //}, which would move the key out of the prefix.
     */
    static String requireName(String name, boolean prefix) {
        if (name == null || name.isEmpty() && !prefix) {
            throw new IllegalArgumentException("artifact name is required");
        }
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("artifact name must be relative: " + name);
        }
        if (name.contains("..") || name.contains("//")) {
            throw new IllegalArgumentException("artifact name must not contain '..' or '//': " + name);
        }
        if (name.equals(".") || name.startsWith("./") || name.contains("/./") || name.endsWith("/.")) {
            throw new IllegalArgumentException("artifact name must not contain a '.' segment: " + name);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("artifact name must not contain control characters");
        }
        return name;
    }
}
