package io.shelfwise.app.web;

import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.PermissionDeniedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's logins: an operator token exchanged for a session, each with its own CSRF token that every action
 * must echo in a header. The admin operator token gives the admin role; an optional second token gives read-only
 * access. Tenant API keys never open a session.
 *
 * <p>A session carries itself: its id is its role, expiry and a random nonce, signed with a key derived from the
 * admin operator token (HMAC-SHA256; a read-only session's key also from the read-only token, so that changing
 * either token ends the sessions it opened), and its CSRF token is derived from the id with the same key. Every replica of
 * the pool shares the admin token, so a session opened on one is honoured by all of them and survives a restart;
 * changing the admin token ends every session. A logout is remembered by the replica that served it until the
 * session would have expired (the browser drops the cookie too); the ttl bounds what another replica could still
 * accept.
 */
public final class ConsoleSessions {
    /** Logged-out sessions remembered at most; past it the soonest expiring are forgotten first. */
    static final int MAX_REVOKED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "s1";

    private final byte[] adminToken;
    private final Optional<byte[]> readOnlyToken;
    private final SecretKeySpec key;
    private final SecretKeySpec viewerKey;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public ConsoleSessions(String adminToken, Optional<String> readOnlyToken, Duration ttl, Clock clock) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.readOnlyToken = readOnlyToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        SecretKeySpec admin = new SecretKeySpec(this.adminToken, "HmacSHA256");
        this.key = new SecretKeySpec(hmac(admin, "shelfwise console sessions v1"), "HmacSHA256");
        this.viewerKey = new SecretKeySpec(hmac(admin, "shelfwise console read-only sessions v1\u0000"
                + this.readOnlyToken.map(t -> new String(t, StandardCharsets.UTF_8)).orElse("")), "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** What an operator may do in the console. */
    public enum Role {
        /** Sees everything, changes nothing. */
        VIEWER,
        /** Sees and acts (promote, roll back, revoke, change tier). */
        ADMIN
    }

    /** A logged-in operator. */
    public record Session(String id, Role role, String csrfToken, Instant expiresAt) {
    }

    /** A new session for a valid token, or {@link AuthenticationException}. */
    public Session login(String token) {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException("give the operator token");
        }
        byte[] given = token.trim().getBytes(StandardCharsets.UTF_8);
        Role role;
        if (MessageDigest.isEqual(adminToken, given)) {
            role = Role.ADMIN;
        } else if (readOnlyToken.isPresent() && MessageDigest.isEqual(readOnlyToken.get(), given)) {
            role = Role.VIEWER;
        } else {
            throw new AuthenticationException("the operator token is not valid");
        }
        Instant expires = clock.instant().plus(ttl);
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String payload = VERSION + "." + role.name() + "." + expires.getEpochSecond() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return session(payload + "." + sign(role, payload), role, expires);
    }

    /** The live session behind a cookie value, or {@link AuthenticationException}. */
    public Session require(String sessionId) {
        Session session = sessionId == null ? null : verify(sessionId);
        Instant now = clock.instant();
        if (session == null || !session.expiresAt().isAfter(now) || revoked.containsKey(sessionId)) {
            throw new AuthenticationException("log in to the console first");
        }
        return session;
    }

    /** The session a well-formed id signed with this platform's key stands for, or null. */
    private Session verify(String id) {
        String[] parts = id.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return null;
        }
        String payload = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        try {
            Role role = Role.valueOf(parts[1]);
            if (!MessageDigest.isEqual(sign(role, payload).getBytes(StandardCharsets.US_ASCII),
                    parts[4].getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            return session(id, role, Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Session session(String id, Role role, Instant expires) {
        return new Session(id, role, sign(role, "csrf." + id), expires);
    }

    /**
     * The session, if it may change things: an admin's session whose CSRF token was echoed. A cross-site form or
     * script cannot read the token, so it cannot act even if the browser sent the cookie.
     */
    public Session requireAction(String sessionId, String csrfHeader) {
        Session session = require(sessionId);
        requireCsrf(session, csrfHeader);
        if (session.role() != Role.ADMIN) {
            throw new PermissionDeniedException("this session is read-only; log in with the admin operator token");
        }
        return session;
    }

    /** Refuses a request that does not echo the session's CSRF token. */
    public void requireCsrf(Session session, String csrfHeader) {
        if (csrfHeader == null || !MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                csrfHeader.getBytes(StandardCharsets.UTF_8))) {
            throw new PermissionDeniedException("the request lacks this session's CSRF token (X-CSRF-Token)");
        }
    }

    public void logout(String sessionId) {
        Session session = sessionId == null ? null : verify(sessionId);
        if (session == null) {
            return;
        }
        Instant now = clock.instant();
        revoked.values().removeIf(expires -> !expires.isAfter(now));
        if (revoked.size() >= MAX_REVOKED) {
            revoked.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(soonest -> revoked.remove(soonest.getKey()));
        }
        revoked.put(sessionId, session.expiresAt());
    }

    private String sign(Role role, String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(role == Role.ADMIN ? key : viewerKey,
                text));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
