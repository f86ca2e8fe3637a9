package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.BUCKET;
import static io.shelfwise.adapters.aws.Fixtures.NAMING;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_A;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

class StsTenantCredentialsTest {
    private static final Duration SESSION = Duration.ofHours(1);
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FakeSts fakeSts = new FakeSts(clock);
    private MockWebServer server;
    private StsClient sts;
    private StsTenantCredentials credentials;

    @BeforeEach
    void startFakeSts() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(fakeSts);
        server.start(InetAddress.getLoopbackAddress(), 0);
        sts = stsClient(Fixtures.CREDENTIALS);
        credentials = new StsTenantCredentials(sts, NAMING, Fixtures.documents(), SESSION, REFRESH_BEFORE, clock);
    }

    @AfterEach
    void stop() {
        sts.close();
        server.close();
    }

    private StsClient stsClient(AwsCredentialsProvider provider) {
        return StsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getPort()))
                .region(Fixtures.REGION)
                .credentialsProvider(provider)
                .build();
    }

    @Test
    void a_session_assumes_the_tenants_role_narrowed_by_the_tenants_policy() {
        credentials.provider(TENANT_A).resolveCredentials();

        Map<String, String> call = fakeSts.calls.getFirst();
        assertEquals("AssumeRole", call.get("Action"));
        assertEquals(NAMING.roleArn(TENANT_A), call.get("RoleArn"));
        assertEquals("shelfwise-tenant-a", call.get("RoleSessionName"));
        assertEquals("3600", call.get("DurationSeconds"));
        IamPolicyEvaluator sessionPolicy = IamPolicyEvaluator.parse(call.get("Policy"));
        assertTrue(sessionPolicy.allows("s3:GetObject", "arn:aws:s3:::" + BUCKET + "/tenant-a/model.bin"));
        assertFalse(sessionPolicy.allows("s3:GetObject", "arn:aws:s3:::" + BUCKET + "/tenant-b/model.bin"));
        assertFalse(sessionPolicy.allows("dynamodb:PutItem", NAMING.tableArn(NAMING.recommendationLogTable(TENANT_B))));
    }

    @Test
    void the_session_credentials_carry_the_issued_keys_token_and_expiry() {
        AwsCredentials resolved = credentials.provider(TENANT_A).resolveCredentials();

        AwsSessionCredentials session = assertInstanceOf(AwsSessionCredentials.class, resolved);
        assertEquals("ASIATENANTA1", session.accessKeyId());
        assertEquals("token-tenant-a-1", session.sessionToken());
        assertEquals(clock.instant().plus(SESSION), session.expirationTime().orElseThrow());
    }

    @Test
    void uses_within_a_session_share_one_assume_role_call() {
        AwsCredentialsProvider provider = credentials.provider(TENANT_A);

        AwsCredentials first = provider.resolveCredentials();
        clock.advance(Duration.ofMinutes(54));
        AwsCredentials second = credentials.provider(TENANT_A).resolveCredentials();

        assertEquals(1, fakeSts.calls.size());
        assertEquals(first, second);
    }

    @Test
    void a_session_is_renewed_once_it_is_within_the_refresh_margin_of_expiry() {
        AwsCredentialsProvider provider = credentials.provider(TENANT_A);
        AwsCredentials first = provider.resolveCredentials();

        clock.advance(SESSION.minus(REFRESH_BEFORE));
        AwsCredentials renewed = provider.resolveCredentials();

        assertEquals(2, fakeSts.calls.size());
        assertNotEquals(first.accessKeyId(), renewed.accessKeyId());
        provider.resolveCredentials();
        assertEquals(2, fakeSts.calls.size(), "the renewed session is cached in turn");
    }

    @Test
    void each_tenant_gets_its_own_session_of_its_own_role() {
        AwsCredentials a = credentials.provider(TENANT_A).resolveCredentials();
        AwsCredentials b = credentials.provider(TENANT_B).resolveCredentials();

        assertEquals(List.of(NAMING.roleArn(TENANT_A), NAMING.roleArn(TENANT_B)),
                fakeSts.calls.stream().map(c -> c.get("RoleArn")).toList());
        assertNotEquals(a.accessKeyId(), b.accessKeyId());
    }

    @Test
    void a_client_built_on_the_provider_signs_with_the_tenants_session() throws InterruptedException {
        try (StsClient tenantClient = stsClient(credentials.provider(TENANT_A))) {
            tenantClient.getCallerIdentity();
        }

        RecordedRequest assume = server.takeRequest();
        RecordedRequest signed = server.takeRequest();
        assertTrue(assume.getHeaders().get("Authorization").contains("Credential=" + Fixtures.ACCESS_KEY + "/"));
        assertTrue(signed.getHeaders().get("Authorization").contains("Credential=ASIATENANTA1/"));
        assertEquals("token-tenant-a-1", signed.getHeaders().get("X-Amz-Security-Token"));
    }

    @Test
    void session_lengths_sts_would_refuse_are_rejected_up_front() {
        assertThrows(IllegalArgumentException.class, () -> new StsTenantCredentials(sts, NAMING,
                Fixtures.documents(), Duration.ofMinutes(10), Duration.ofMinutes(1), clock));
        assertThrows(IllegalArgumentException.class, () -> new StsTenantCredentials(sts, NAMING,
                Fixtures.documents(), Duration.ofMinutes(30), Duration.ofMinutes(30), clock));
    }

    /** STS's AssumeRole (and GetCallerIdentity), issuing numbered keys that expire one session after now. */
    private static final class FakeSts extends Dispatcher {
        private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
        final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
        private final Clock clock;

        FakeSts(Clock clock) {
            this.clock = clock;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Map<String, String> params = FakeIam.formParameters(request.getBody().utf8());
            String body = switch (params.get("Action")) {
                case "AssumeRole" -> {
                    calls.add(params);
                    String tenant = params.get("RoleSessionName").substring("shelfwise-".length());
                    String id = tenant.replace("-", "").toUpperCase() + calls.size();
                    yield "<AssumeRoleResponse xmlns=\"" + NS + "\"><AssumeRoleResult><Credentials>"
                            + "<AccessKeyId>ASIA" + id + "</AccessKeyId><SecretAccessKey>secret-" + id
                            + "</SecretAccessKey><SessionToken>token-" + tenant + "-" + calls.size()
                            + "</SessionToken><Expiration>" + clock.instant().plus(SESSION) + "</Expiration>"
                            + "</Credentials><AssumedRoleUser><Arn>" + params.get("RoleArn") + "/session</Arn>"
                            + "<AssumedRoleId>AROA:session</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                            + "</AssumeRoleResponse>";
                }
                case "GetCallerIdentity" -> "<GetCallerIdentityResponse xmlns=\"" + NS + "\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:sts::" + Fixtures.ACCOUNT + ":assumed-role/x/y</Arn><UserId>AROA:y</UserId>"
                        + "<Account>" + Fixtures.ACCOUNT + "</Account></GetCallerIdentityResult>"
                        + "</GetCallerIdentityResponse>";
                default -> throw new IllegalStateException("unexpected STS call " + params);
            };
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(body).build();
        }
    }

    /** A clock the test moves by hand, so expiry is tested without waiting. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
