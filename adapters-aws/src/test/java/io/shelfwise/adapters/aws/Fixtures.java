package io.shelfwise.adapters.aws;

import io.shelfwise.isolation.PlatformNaming;
import io.shelfwise.tenancy.TenantId;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The platform and tenants the tests share; dummy credentials, since every server runs on loopback. */
public final class Fixtures {
    public static final String ACCOUNT = "123456789012";
    static final String OIDC_PROVIDER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    static final String BUCKET = "shelfwise-artifacts";
    public static final Region REGION = Region.EU_WEST_1;
    static final PlatformNaming NAMING = new PlatformNaming("shelfwise", BUCKET, REGION.id(), ACCOUNT, OIDC_PROVIDER);
    static final String POOL_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/shelfwise-pool";
    static final TenantId TENANT_A = new TenantId("tenant-a");
    static final TenantId TENANT_B = new TenantId("tenant-b");
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private Fixtures() {
    }

    static IamPolicyDocuments documents() {
        return new IamPolicyDocuments(NAMING, POOL_ROLE);
    }
}
