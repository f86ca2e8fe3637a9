package io.shelfwise.tenancy;

import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.tenancy.port.in.AuthenticateApiKey;
import io.shelfwise.tenancy.port.in.ChangeTenantState;
import io.shelfwise.tenancy.port.in.FindTenants;
import io.shelfwise.tenancy.port.in.ManageApiKeys;
import io.shelfwise.tenancy.port.in.RegisterTenant;
import io.shelfwise.tenancy.port.in.RegisterTenantCommand;
import io.shelfwise.tenancy.port.out.ApiKeyRepository;
import io.shelfwise.tenancy.port.out.TenantRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants and their keys. Authentication results are cached for a short time because every tenant request
 * needs one; changes made through this service drop the cache at once, other replicas see them within the TTL.
 */
public final class TenancyService
        implements RegisterTenant, FindTenants, ChangeTenantState, ManageApiKeys, AuthenticateApiKey {
    private static final Duration MAX_GRACE = Duration.ofDays(7);

    private static final int MAX_UNKNOWN_KEY_IDS = 100_000;
    private static final Duration UNKNOWN_KEY_TTL = Duration.ofMinutes(1);

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final TierPolicies policies;
    private final ApiKeySecrets secrets;
    private final Clock clock;
    private final Duration authCacheTtl;
    private final Map<String, CachedAccess> authCache = new ConcurrentHashMap<>();
    /**
     * Key ids recently presented that no key has, until when: a guessed key costs one store lookup a minute, not
     * one per request. Key ids are random, so a key issued later never had its id guessed first.
     */
    private final Map<ApiKeyId, Instant> unknownKeyIds = new ConcurrentHashMap<>();

    public TenancyService(TenantRepository tenants, ApiKeyRepository keys, TierPolicies policies,
                          ApiKeySecrets secrets, Clock clock, Duration authCacheTtl) {
        this.tenants = tenants;
        this.keys = keys;
        this.policies = policies;
        this.secrets = secrets;
        this.clock = clock;
        this.authCacheTtl = authCacheTtl;
    }

    @Override
    public Tenant register(RegisterTenantCommand command) {
        // Onboarding (provisioning) activates it once its tier's resources exist.
        Tenant tenant = new Tenant(command.id(), command.displayName(), command.tier(), TenantState.ONBOARDING,
                clock.instant());
        if (!tenants.insert(tenant)) {
            throw new ConflictException("tenant '" + command.id() + "' already exists");
        }
        return tenant;
    }

    @Override
    public Tenant get(TenantId id) {
        return tenants.find(id).orElseThrow(() -> new NotFoundException("tenant", id.value()));
    }

    @Override
    public List<Tenant> list() {
        return tenants.list();
    }

    @Override
    public TierPolicy policyOf(Tenant tenant) {
        return policies.of(tenant.tier());
    }

    @Override
    public TierPolicy policyOf(Tier tier) {
        return policies.of(tier);
    }

    @Override
    public Tenant moveToTier(TenantId id, Tier tier) {
        Tenant moved = get(id).withTier(tier);
        tenants.update(moved);
        authCache.clear();
        return moved;
    }

    @Override
    public Tenant update(TenantId id, TenantState newState, String newDisplayName) {
        Tenant changed = get(id);
        if (newDisplayName != null) {
            changed = changed.renamed(newDisplayName);
        }
        if (newState != null) {
            changed = changed.transitionTo(newState);
        }
        tenants.update(changed);
        authCache.clear();
        return changed;
    }

    @Override
    public IssuedApiKey issue(TenantId tenantId, String label) {
        Tenant tenant = get(tenantId);
        if (tenant.state() == TenantState.OFFBOARDED) {
            throw new ConflictException("tenant '" + tenantId + "' is offboarded; it gets no new keys");
        }
        ApiKeySecrets.Generated generated = secrets.generate();
        ApiKey key = new ApiKey(generated.id(), tenantId, label == null ? "default" : label, generated.hash(),
                clock.instant(), null, null);
        keys.insert(key);
        return new IssuedApiKey(key, generated.secret());
    }

    @Override
    public List<ApiKey> list(TenantId tenant) {
        get(tenant);
        return keys.listFor(tenant);
    }

    @Override
    public IssuedApiKey rotate(TenantId tenant, ApiKeyId keyId, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ValidationException.of("graceSeconds", "must be between 0 and " + MAX_GRACE.toSeconds());
        }
        ApiKey old = keyOf(tenant, keyId);
        if (!old.isUsableAt(clock.instant())) {
            throw new ConflictException("key '" + keyId + "' is already revoked or expired");
        }
        IssuedApiKey replacement = issue(tenant, old.label());
        keys.update(old.expiringAt(clock.instant().plus(grace)));
        authCache.clear();
        return replacement;
    }

    @Override
    public void revoke(TenantId tenant, ApiKeyId keyId) {
        keys.update(keyOf(tenant, keyId).revokedAt(clock.instant()));
        authCache.clear();
    }

    @Override
    public TenantAccess authenticate(String presentedKey) {
        if (presentedKey == null) {
            throw new AuthenticationException("the API key is missing");
        }
        Instant now = clock.instant();
        CachedAccess cached = authCache.get(presentedKey);
        if (cached != null && now.isBefore(cached.validUntil) && cached.access.tenant().isServed()) {
            return cached.access;
        }
        ApiKeyId id = secrets.idOf(presentedKey)
                .orElseThrow(() -> new AuthenticationException("the API key is malformed"));
        Instant unknownUntil = unknownKeyIds.get(id);
        if (unknownUntil != null && now.isBefore(unknownUntil)) {
            throw new AuthenticationException("the API key is not valid");
        }
        Optional<ApiKey> found = keys.find(id);
        if (found.isEmpty()) {
            if (unknownKeyIds.size() >= MAX_UNKNOWN_KEY_IDS) {
                unknownKeyIds.clear();
            }
            unknownKeyIds.put(id, now.plus(UNKNOWN_KEY_TTL));
        }
        ApiKey key = found
                .filter(k -> secrets.matches(presentedKey, k.secretHash()))
                .orElseThrow(() -> new AuthenticationException("the API key is not valid"));
        if (!key.isUsableAt(now)) {
            throw new AuthenticationException("the API key has been revoked or has expired");
        }
        Tenant tenant = get(key.tenantId());
        if (!tenant.isServed()) {
            throw new PermissionDeniedException("tenant '" + tenant.id() + "' is " + tenant.state().wireName());
        }
        TenantAccess access = new TenantAccess(tenant, policyOf(tenant), key.id());
        Instant validUntil = now.plus(authCacheTtl);
        if (key.expiresAt() != null && key.expiresAt().isBefore(validUntil)) {
            validUntil = key.expiresAt();
        }
        authCache.put(presentedKey, new CachedAccess(access, validUntil));
        return access;
    }

    private ApiKey keyOf(TenantId tenant, ApiKeyId keyId) {
        get(tenant);
        return keys.find(keyId)
                .filter(k -> k.tenantId().equals(tenant))
                .orElseThrow(() -> new NotFoundException("key", keyId.value()));
    }

    private record CachedAccess(TenantAccess access, Instant validUntil) {
    }
}
