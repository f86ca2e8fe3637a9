package io.shelfwise.adapters.k8s;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster-specific knobs of {@link Fabric8TenantInfrastructure}: where the pool runs, what siloed tenants
 * run, and how tenant node groups are labelled and tainted. {@link #builder()} starts from working defaults.
 *
 * @param poolNamespace        namespace of the shared pool Deployment that serves every pooled tenant
 * @param poolRoutingConfigMap ConfigMap in {@code poolNamespace} listing the pooled tenants (key: tenant id,
 *                             value: tier wire name)
 * @param ingressNamespace     namespace of the ingress controller, allowed through the tenant's network policy
 * @param appImage             image of the Shelfwise app, run by siloed tenants' Deployments
 * @param appPort              port the app listens on (and probes hit)
 * @param ingressClass         IngressClass of dedicated endpoints
 * @param baseDomain           dedicated endpoints are served on {@code <tenant>.<baseDomain>}
 * @param ingressAnnotations   added to every dedicated Ingress (e.g. the ALB controller's certificate ARN)
 * @param nodeGroupLabelKey    node label whose value {@code tenant-<id>} selects a tenant's node group
 * @param taintKey             taint key of a tenant's node group (value {@code tenant-<id>}, effect NoSchedule)
 * @param egressTcpPorts       TCP ports tenant pods may reach on any address besides DNS (AWS APIs on 443,
 *                             the database)
 * @param workloadEnv          extra environment of siloed tenants' containers (e.g. {@code SHELFWISE_DB_URL})
 * @param workloadSecret       Secret in the tenant's namespace whose keys become environment of its containers
 *                             (e.g. the database password); the platform references it, never copies it
 * @param readyTimeout         how long {@code apply} waits for a siloed Deployment to be ready before it takes
 *                             the tenant out of the pool; zero skips the wait
 * @param nodeClass            Karpenter EC2NodeClass that siloed tenants' NodePools launch their nodes from
 */
public record KubernetesSettings(
        String poolNamespace,
        String poolRoutingConfigMap,
        String ingressNamespace,
        String appImage,
        int appPort,
        String ingressClass,
        String baseDomain,
        Map<String, String> ingressAnnotations,
        String nodeGroupLabelKey,
        String taintKey,
        List<Integer> egressTcpPorts,
        Map<String, String> workloadEnv,
        Optional<String> workloadSecret,
        Duration readyTimeout,
        String nodeClass) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+");
    private static final Pattern DOMAIN_OR_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9.-]{1,253}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Set by the adapter itself on siloed containers; a configured value would silently contradict it. */
    private static final List<String> RESERVED_ENV = List.of("SHELFWISE_TENANT", "SHELFWISE_HOST", "SHELFWISE_PORT",
            "SHELFWISE_DATA_DIR");

    public KubernetesSettings {
        requireMatch("poolNamespace", poolNamespace, DNS_LABEL);
        requireMatch("poolRoutingConfigMap", poolRoutingConfigMap, DOMAIN_OR_LABEL);
        requireMatch("ingressNamespace", ingressNamespace, DNS_LABEL);
        if (appImage == null || appImage.isBlank() || appImage.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("appImage must be an image reference, got '" + appImage + "'");
        }
        if (appPort < 1 || appPort > 65_535) {
            throw new IllegalArgumentException("appPort must be 1..65535, got " + appPort);
        }
        requireMatch("ingressClass", ingressClass, DNS_LABEL);
        requireMatch("baseDomain", baseDomain, DOMAIN);
        requireMatch("nodeGroupLabelKey", nodeGroupLabelKey, LABEL_KEY);
        requireMatch("taintKey", taintKey, LABEL_KEY);
        requireMatch("nodeClass", nodeClass, DNS_LABEL);
        ingressAnnotations = Map.copyOf(Objects.requireNonNull(ingressAnnotations, "ingressAnnotations"));
        egressTcpPorts = List.copyOf(Objects.requireNonNull(egressTcpPorts, "egressTcpPorts"));
        for (int port : egressTcpPorts) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("egressTcpPorts must be 1..65535, got " + port);
            }
        }
        workloadEnv = Map.copyOf(Objects.requireNonNull(workloadEnv, "workloadEnv"));
        for (String name : workloadEnv.keySet()) {
            if (!ENV_NAME.matcher(name).matches() || RESERVED_ENV.contains(name)) {
                throw new IllegalArgumentException("workloadEnv may not set '" + name + "' (invalid, or one of "
                        + RESERVED_ENV + " which the adapter sets itself)");
            }
        }
        Objects.requireNonNull(workloadSecret, "workloadSecret");
        workloadSecret.ifPresent(name -> requireMatch("workloadSecret", name, DOMAIN_OR_LABEL));
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (readyTimeout.isNegative()) {
            throw new IllegalArgumentException("readyTimeout must not be negative");
        }
    }

    private static void requireMatch(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not a valid Kubernetes name: '" + value + "'");
        }
    }

    /** Host of a tenant's dedicated endpoint. */
    public String dedicatedHost(String tenantId) {
        return tenantId + "." + baseDomain;
    }

    /** Defaults that match the Helm chart in {@code deploy/helm/shelfwise}; only the image has none worth having. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link KubernetesSettings}, starting from the chart's defaults. */
    public static final class Builder {
        private String poolNamespace = "shelfwise-pool";
        private String poolRoutingConfigMap = "shelfwise-pool-routing";
        private String ingressNamespace = "ingress-nginx";
        private String appImage;
        private int appPort = 8080;
        private String ingressClass = "nginx";
        private String baseDomain = "api.shelfwise.example";
        private final Map<String, String> ingressAnnotations = new LinkedHashMap<>();
        private String nodeGroupLabelKey = "shelfwise.io/node-group";
        private String taintKey = "shelfwise.io/dedicated";
        private String nodeClass = "default";
        private List<Integer> egressTcpPorts = List.of(443, 5432);
        private final Map<String, String> workloadEnv = new LinkedHashMap<>();
        private Optional<String> workloadSecret = Optional.empty();
        private Duration readyTimeout = Duration.ofMinutes(5);

        private Builder() {
        }

        public Builder poolNamespace(String value) {
            this.poolNamespace = value;
            return this;
        }

        public Builder poolRoutingConfigMap(String value) {
            this.poolRoutingConfigMap = value;
            return this;
        }

        public Builder ingressNamespace(String value) {
            this.ingressNamespace = value;
            return this;
        }

        public Builder appImage(String value) {
            this.appImage = value;
            return this;
        }

        public Builder appPort(int value) {
            this.appPort = value;
            return this;
        }

        public Builder ingressClass(String value) {
            this.ingressClass = value;
            return this;
        }

        public Builder baseDomain(String value) {
            this.baseDomain = value;
            return this;
        }

        public Builder ingressAnnotation(String key, String value) {
            this.ingressAnnotations.put(key, value);
            return this;
        }

        public Builder nodeGroupLabelKey(String value) {
            this.nodeGroupLabelKey = value;
            return this;
        }

        public Builder taintKey(String value) {
            this.taintKey = value;
            return this;
        }

        public Builder egressTcpPorts(List<Integer> value) {
            this.egressTcpPorts = value;
            return this;
        }

        public Builder workloadEnv(String name, String value) {
            this.workloadEnv.put(name, value);
            return this;
        }

        public Builder workloadSecret(String value) {
            this.workloadSecret = Optional.ofNullable(value);
            return this;
        }

        public Builder readyTimeout(Duration value) {
            this.readyTimeout = value;
            return this;
        }

        public Builder nodeClass(String value) {
            this.nodeClass = value;
            return this;
        }

        public KubernetesSettings build() {
            return new KubernetesSettings(poolNamespace, poolRoutingConfigMap, ingressNamespace, appImage, appPort,
                    ingressClass, baseDomain, ingressAnnotations, nodeGroupLabelKey, taintKey, egressTcpPorts,
                    workloadEnv, workloadSecret, readyTimeout, nodeClass);
        }
    }
}
