package io.shelfwise.app.web;

import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.PermissionDeniedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins: an operator token exchanged for a session (kept in this process's memory; a restart logs
 * everyone out), each with its own CSRF token that every action must echo in a header. The admin operator token
 * gives the admin role; an optional second token gives read-only access. Tenant API keys never open a session.
 */
public final class ConsoleSessions {
    /** Sessions kept at most; past it the oldest expiring are dropped first. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] adminToken;
    private final Optional<byte[]> readOnlyToken;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public ConsoleSessions(String adminToken, Optional<String> readOnlyToken, Duration ttl, Clock clock) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.readOnlyToken = readOnlyToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
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
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(java.util.Comparator.comparing(Session::expiresAt))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(randomToken(), role, randomToken(), now.plus(ttl));
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session behind a cookie value, or {@link AuthenticationException}. */
    public Session require(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || !session.expiresAt().isAfter(clock.instant())) {
            if (session != null) {
                sessions.remove(session.id());
            }
            throw new AuthenticationException("log in to the console first");
        }
        return session;
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
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
