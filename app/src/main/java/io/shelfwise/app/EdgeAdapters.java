package io.shelfwise.app;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.helidon.config.Config;
import io.shelfwise.adapters.aws.DynamoDbRecommendationLog;
import io.shelfwise.adapters.aws.DynamoDbTenantDataStores;
import io.shelfwise.adapters.aws.IamPolicyDocuments;
import io.shelfwise.adapters.aws.IamTenantIdentity;
import io.shelfwise.adapters.aws.S3DataStaging;
import io.shelfwise.adapters.aws.S3ModelArtifacts;
import io.shelfwise.adapters.aws.StsTenantCredentials;
import io.shelfwise.adapters.aws.TenantClients;
import io.shelfwise.adapters.k8s.Fabric8AppDeployments;
import io.shelfwise.adapters.k8s.Fabric8TenantInfrastructure;
import io.shelfwise.adapters.k8s.KubernetesSettings;
import io.shelfwise.adapters.local.InProcessAppDeployments;
import io.shelfwise.adapters.local.InProcessTenantInfrastructure;
import io.shelfwise.adapters.local.LocalDirectoryModelArtifacts;
import io.shelfwise.adapters.local.LocalTenantDataStores;
import io.shelfwise.adapters.local.LocalTenantIdentity;
import io.shelfwise.adapters.sql.JdbiRecommendationLog;
import io.shelfwise.adapters.sql.SqlDatabase;
import io.shelfwise.isolation.port.out.TenantIdentity;
import io.shelfwise.onboarding.port.out.DataStaging;
import io.shelfwise.provisioning.port.out.TenantDataStores;
import io.shelfwise.provisioning.port.out.TenantInfrastructure;
import io.shelfwise.recommendation.port.out.ModelArtifacts;
import io.shelfwise.recommendation.port.out.RecommendationLog;
import io.shelfwise.rollout.port.out.AppDeployments;
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
 * local directories or AWS, and in-process placement or Kubernetes. Everything else (SQL stores, services,
 * HTTP) is the same code in every mode.
 */
record EdgeAdapters(TenantIdentity identity, TenantDataStores dataStores, TenantInfrastructure infrastructure,
                    AppDeployments deployments, RecommendationLog recommendationLog, ModelArtifacts artifacts, DataStaging staging,
                    List<AutoCloseable> resources)
        implements AutoCloseable {

    static EdgeAdapters of(Settings settings, SqlDatabase database, Config config, Map<String, String> env) {
        List<AutoCloseable> resources = new ArrayList<>();
        Placement placement = placement(env, resources);
        TenantInfrastructure infrastructure = placement.infrastructure();
        return switch (settings.cloud()) {
            case EMBEDDED -> new EdgeAdapters(new LocalTenantIdentity(settings.dataDir(), settings.naming()),
                    new LocalTenantDataStores(settings.dataDir()), infrastructure, placement.deployments(),
                    new JdbiRecommendationLog(database), new LocalDirectoryModelArtifacts(settings.dataDir()),
                    new LocalOnlyStaging(), List.copyOf(resources));
            case AWS -> aws(settings, Settings.aws(config, env), placement, resources);
        };
    }

    /** Whether siloed tenants run in Kubernetes workloads of their own rather than in this process. */
    static boolean placesTenantsOnKubernetes(Map<String, String> env) {
        return "kubernetes".equals(env.getOrDefault("SHELFWISE_INFRASTRUCTURE", "in-process"));
    }

    /**
     * {@code SHELFWISE_INFRASTRUCTURE=kubernetes} places tenants on the cluster the process runs in (settings from
     * the Helm chart's {@code SHELFWISE_K8S_*} variables); the default serves every tenant in this process.
     */
    private record Placement(TenantInfrastructure infrastructure, AppDeployments deployments) {
    }

    private static Placement placement(Map<String, String> env, List<AutoCloseable> resources) {
        if (!placesTenantsOnKubernetes(env)) {
            return new Placement(new InProcessTenantInfrastructure(), new InProcessAppDeployments());
        }
        KubernetesSettings.Builder k8s = KubernetesSettings.builder().appImage(required(env, "SHELFWISE_K8S_APP_IMAGE"));
        optional(env, "SHELFWISE_K8S_POOL_NAMESPACE").ifPresent(k8s::poolNamespace);
        optional(env, "SHELFWISE_K8S_POOL_ROUTING_CONFIGMAP").ifPresent(k8s::poolRoutingConfigMap);
        optional(env, "SHELFWISE_K8S_INGRESS_NAMESPACE").ifPresent(k8s::ingressNamespace);
        optional(env, "SHELFWISE_K8S_APP_PORT").map(Integer::parseInt).ifPresent(k8s::appPort);
        optional(env, "SHELFWISE_K8S_INGRESS_CLASS").ifPresent(k8s::ingressClass);
        optional(env, "SHELFWISE_K8S_BASE_DOMAIN").ifPresent(k8s::baseDomain);
        optional(env, "SHELFWISE_K8S_NODE_GROUP_LABEL").ifPresent(k8s::nodeGroupLabelKey);
        optional(env, "SHELFWISE_K8S_TAINT_KEY").ifPresent(k8s::taintKey);
        optional(env, "SHELFWISE_K8S_NODE_CLASS").ifPresent(k8s::nodeClass);
        optional(env, "SHELFWISE_K8S_WORKLOAD_SECRET").ifPresent(k8s::workloadSecret);
        optional(env, "SHELFWISE_K8S_READY_TIMEOUT_SECONDS").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .ifPresent(k8s::readyTimeout);
        optional(env, "SHELFWISE_K8S_EGRESS_TCP_PORTS").map(v -> java.util.Arrays.stream(v.split(","))
                .map(String::trim).map(Integer::parseInt).toList()).ifPresent(k8s::egressTcpPorts);
        optional(env, "SHELFWISE_K8S_INGRESS_ANNOTATIONS").map(EdgeAdapters::jsonObject)
                .ifPresent(annotations -> annotations.forEach(k8s::ingressAnnotation));
        // In a pod the client finds its cluster by itself; SHELFWISE_K8S_API_URL points it elsewhere (tests, or a
        // process run outside the cluster).
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        optional(env, "SHELFWISE_K8S_API_URL").ifPresent(url -> builder.withConfig(new ConfigBuilder()
                .withMasterUrl(url).withTrustCerts(true).build()));
        KubernetesClient client = builder.build();
        resources.add(client);
        KubernetesSettings built = k8s.build();
        String poolDeployment = env.getOrDefault("SHELFWISE_K8S_POOL_DEPLOYMENT", "shelfwise");
        return new Placement(new Fabric8TenantInfrastructure(client, built, poolDeployment),
                new Fabric8AppDeployments(client, built, poolDeployment));
    }

    private static EdgeAdapters aws(Settings settings, Settings.Aws aws, Placement placement,
                                    List<AutoCloseable> resources) {
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
                placement.infrastructure(), placement.deployments(),
                new DynamoDbRecommendationLog(tenantDynamoDb, settings.naming(), aws.recommendationLogRetention()),
                new S3ModelArtifacts(tenantS3, settings.naming()),
                new S3DataStaging(platformS3, settings.dataDir().resolve("staging")), List.copyOf(resources));
    }

    /** Embedded mode reads and writes data in local directories only. */
    private static final class LocalOnlyStaging implements DataStaging {
        @Override
        public String stage(io.shelfwise.tenancy.TenantId tenant, String location) {
            return local(location);
        }

        @Override
        public String exportDirectory(io.shelfwise.tenancy.TenantId tenant, String location) {
            return local(location);
        }

        @Override
        public void publish(io.shelfwise.tenancy.TenantId tenant, String localDirectory, String location) {
            local(location);
        }

        private static String local(String location) {
            if (location.startsWith("s3://")) {
                throw new IllegalArgumentException("the location " + location + " is in S3, which this platform"
                        + " reaches only with SHELFWISE_CLOUD=aws; give a local directory (or upload the files)");
            }
            return location;
        }
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException(name
                + " is required with SHELFWISE_INFRASTRUCTURE=kubernetes"));
    }

    private static Map<String, String> jsonObject(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("SHELFWISE_K8S_INGRESS_ANNOTATIONS must be a JSON object of strings", e);
        }
    }

    private static S3ClientBuilder s3(Region region, SdkHttpClient http, Optional<String> endpoint) {
        S3ClientBuilder builder = S3Client.builder().region(region).httpClient(http);
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
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
