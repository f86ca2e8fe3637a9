package io.shelfwise.app;

import io.helidon.config.Config;
import io.shelfwise.adapters.aws.DynamoDbRecommendationLog;
import io.shelfwise.adapters.aws.DynamoDbTenantDataStores;
import io.shelfwise.adapters.aws.IamPolicyDocuments;
import io.shelfwise.adapters.aws.IamTenantIdentity;
import io.shelfwise.adapters.aws.S3ModelArtifacts;
import io.shelfwise.adapters.aws.StsTenantCredentials;
import io.shelfwise.adapters.aws.TenantClients;
import io.shelfwise.adapters.local.InProcessTenantInfrastructure;
import io.shelfwise.adapters.local.LocalDirectoryModelArtifacts;
import io.shelfwise.adapters.local.LocalTenantDataStores;
import io.shelfwise.adapters.local.LocalTenantIdentity;
import io.shelfwise.adapters.sql.JdbiRecommendationLog;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The adapters behind the ports that differ between embedded mode and the cloud: the one place that picks
 * local directories or AWS. Everything else (SQL stores, services, HTTP) is the same code in both modes.
 */
record EdgeAdapters(TenantIdentity identity, TenantDataStores dataStores, TenantInfrastructure infrastructure,
                    RecommendationLog recommendationLog, ModelArtifacts artifacts, List<AutoCloseable> resources)
        implements AutoCloseable {

    static EdgeAdapters of(Settings settings, SqlDatabase database, Config config, Map<String, String> env) {
        return switch (settings.cloud()) {
            case EMBEDDED -> new EdgeAdapters(new LocalTenantIdentity(settings.dataDir(), settings.naming()),
                    new LocalTenantDataStores(settings.dataDir()), new InProcessTenantInfrastructure(),
                    new JdbiRecommendationLog(database), new LocalDirectoryModelArtifacts(settings.dataDir()),
                    List.of());
            case AWS -> aws(settings, Settings.aws(config, env), database);
        };
    }

    private static EdgeAdapters aws(Settings settings, Settings.Aws aws, SqlDatabase database) {
        List<AutoCloseable> resources = new ArrayList<>();
        SdkHttpClient http = Apache5HttpClient.builder().build();
        resources.add(http);
        Region region = Region.of(settings.naming().region());
        IamPolicyDocuments documents = new IamPolicyDocuments(settings.naming(), aws.poolRoleArn());
        IamClient iam = endpoint(IamClient.builder().region(Region.AWS_GLOBAL).httpClient(http),
                aws.iamEndpoint()).build();
        StsClient sts = endpoint(StsClient.builder().region(region).httpClient(http), aws.stsEndpoint()).build();
        DynamoDbClient platformDynamoDb = endpoint(DynamoDbClient.builder().region(region).httpClient(http),
                aws.dynamoDbEndpoint()).build();
        S3Client platformS3 = s3(region, http, aws.s3Endpoint()).build();
        resources.addAll(List.of(iam, sts, platformDynamoDb, platformS3));
        // Pooled tenants' data is reached with credentials scoped to the tenant's role and policy.
        StsTenantCredentials credentials = new StsTenantCredentials(sts, settings.naming(), documents);
        TenantClients<DynamoDbClient> tenantDynamoDb = new TenantClients<>(tenant -> endpoint(DynamoDbClient
                .builder().region(region).httpClient(http).credentialsProvider(credentials.provider(tenant)),
                aws.dynamoDbEndpoint()).build());
        TenantClients<S3Client> tenantS3 = new TenantClients<>(tenant -> s3(region, http, aws.s3Endpoint())
                .credentialsProvider(credentials.provider(tenant)).build());
        resources.addAll(List.of(tenantDynamoDb, tenantS3));
        return new EdgeAdapters(new IamTenantIdentity(iam, settings.naming(), documents),
                new DynamoDbTenantDataStores(platformDynamoDb, platformS3, Duration.ofSeconds(2),
                        Duration.ofMinutes(5)),
                new InProcessTenantInfrastructure(),
                new DynamoDbRecommendationLog(tenantDynamoDb, settings.naming(), aws.recommendationLogRetention()),
                new S3ModelArtifacts(tenantS3, settings.naming()), List.copyOf(resources));
    }

    private static S3ClientBuilder s3(Region region, SdkHttpClient http, Optional<String> endpoint) {
        S3ClientBuilder builder = S3Client.builder().region(region).httpClient(http);
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED));
        return builder;
    }

    private static <B extends software.amazon.awssdk.core.client.builder.SdkClientBuilder<B, ?>> B endpoint(
            B builder, Optional<String> endpoint) {
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                System.getLogger(EdgeAdapters.class.getName()).log(System.Logger.Level.WARNING,
                        "event=close_failed resource=" + resource.getClass().getSimpleName() + " error="
                                + e.getMessage());
            }
        }
    }
}
