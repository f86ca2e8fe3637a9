package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.IsolationPolicy;
import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.tenancy.TenantId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Tenant-scoped AWS credentials for pooled tenants, whose requests share the pool's process: an STS session of the
 * tenant's role, further narrowed by the tenant's rendered policy as session policy, cached until shortly before
 * it expires. A client built on {@link #provider} can reach only that tenant's resources, whatever it is asked.
 */
public final class StsTenantCredentials {
    public static final Duration DEFAULT_SESSION = Duration.ofHours(1);
    public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(StsTenantCredentials.class.getName());
    private static final Duration STS_MIN_SESSION = Duration.ofMinutes(15);

    private final StsClient sts;
    private final PlatformNaming naming;
    private final IamPolicyDocuments documents;
    private final Duration session;
    private final Duration refreshBefore;
    private final Clock clock;
    private final Map<TenantId, AwsSessionCredentials> sessions = new ConcurrentHashMap<>();

    public StsTenantCredentials(StsClient sts, PlatformNaming naming, IamPolicyDocuments documents) {
        this(sts, naming, documents, DEFAULT_SESSION, DEFAULT_REFRESH_BEFORE, Clock.systemUTC());
    }

    /**
     * @param session       requested session length (STS allows 15 minutes up to the role's maximum, 1 hour by default)
     * @param refreshBefore how long before expiry a cached session is replaced, so no request signs with one that
     *                      expires in flight
     */
    public StsTenantCredentials(StsClient sts, PlatformNaming naming, IamPolicyDocuments documents, Duration session,
                                Duration refreshBefore, Clock clock) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.naming = Objects.requireNonNull(naming, "naming");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (session.compareTo(STS_MIN_SESSION) < 0) {
            throw new IllegalArgumentException("session must be at least 15 minutes (STS minimum): " + session);
        }
        if (refreshBefore.isNegative() || refreshBefore.compareTo(session) >= 0) {
            throw new IllegalArgumentException("refreshBefore must be within the session length: " + refreshBefore);
        }
        this.session = session;
        this.refreshBefore = refreshBefore;
    }

    /** Credentials of the tenant's scoped session, renewed as they near expiry; give it to the tenant's clients. */
    public AwsCredentialsProvider provider(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return () -> credentials(tenant);
    }

    AwsSessionCredentials credentials(TenantId tenant) {
        // compute() makes concurrent first uses of one tenant share a single AssumeRole call.
        return sessions.compute(tenant, (id, cached) -> cached != null && fresh(cached) ? cached : assume(id));
    }

    private boolean fresh(AwsSessionCredentials credentials) {
        return credentials.expirationTime()
                .map(expiry -> clock.instant().isBefore(expiry.minus(refreshBefore)))
                .orElse(false);
    }

    private AwsSessionCredentials assume(TenantId tenant) {
        String sessionPolicy = documents.permissions(IsolationPolicy.derive(tenant, naming));
        Credentials issued = sts.assumeRole(r -> r.roleArn(naming.roleArn(tenant))
                .roleSessionName("shelfwise-" + tenant)
                .policy(sessionPolicy)
                .durationSeconds((int) session.toSeconds())).credentials();
        LOG.log(Level.DEBUG, () -> "event=tenant_session_assumed tenant=" + tenant + " expires=" + issued.expiration());
        return AwsSessionCredentials.builder()
                .accessKeyId(issued.accessKeyId())
                .secretAccessKey(issued.secretAccessKey())
                .sessionToken(issued.sessionToken())
                .expirationTime(issued.expiration())
                .build();
    }
}
