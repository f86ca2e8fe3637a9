package io.shelfwise.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.PermissionDeniedException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final java.time.Clock clock = new java.time.Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private ConsoleSessions replica(String adminToken) {
        return new ConsoleSessions(adminToken, Optional.of("viewer-token"), Duration.ofMinutes(30), clock);
    }

    @Test
    void a_session_opened_on_one_replica_is_honoured_by_another_and_after_a_restart() {
        ConsoleSessions.Session opened = replica("admin-token").login("admin-token");
        ConsoleSessions other = replica("admin-token");
        ConsoleSessions.Session seen = other.require(opened.id());
        assertEquals(ConsoleSessions.Role.ADMIN, seen.role());
        assertEquals(opened.csrfToken(), seen.csrfToken(), "the CSRF token is the session's on every replica");
        other.requireAction(opened.id(), opened.csrfToken());
    }

    @Test
    void a_forged_altered_or_foreign_session_is_refused() {
        ConsoleSessions sessions = replica("admin-token");
        ConsoleSessions.Session viewer = sessions.login("viewer-token");
        assertThrows(PermissionDeniedException.class, () -> sessions.requireAction(viewer.id(),
                viewer.csrfToken()), "read-only");
        String promoted = viewer.id().replace(".VIEWER.", ".ADMIN.");
        assertThrows(AuthenticationException.class, () -> sessions.require(promoted), "the signature covers the role");
        String longer = viewer.id().replaceFirst("\\.(\\d+)\\.", ".9999999999.");
        assertThrows(AuthenticationException.class, () -> sessions.require(longer), "and the expiry");
        assertThrows(AuthenticationException.class, () -> replica("another-admin-token").require(viewer.id()),
                "a new admin token ends every session");
        assertThrows(AuthenticationException.class, () -> new ConsoleSessions("admin-token",
                Optional.of("new-viewer-token"), Duration.ofMinutes(30), clock).require(viewer.id()),
                "a new read-only token ends the read-only sessions");
        assertThrows(AuthenticationException.class, () -> sessions.require("s1.ADMIN.9999999999.x.y"));
        assertThrows(AuthenticationException.class, () -> sessions.require("s1.ROOT.9999999999.x.y"));
        assertThrows(AuthenticationException.class, () -> sessions.require("garbage"));
        assertThrows(AuthenticationException.class, () -> sessions.login("sw_key_tenant_api_key"));
        ConsoleSessions.Session admin = sessions.login("admin-token");
        assertThrows(PermissionDeniedException.class, () -> sessions.requireAction(admin.id(), viewer.csrfToken()),
                "another session's CSRF token does not do");
    }

    @Test
    void a_session_ends_at_its_expiry_and_at_logout() {
        ConsoleSessions sessions = replica("admin-token");
        ConsoleSessions.Session a = sessions.login("admin-token");
        ConsoleSessions.Session b = sessions.login("admin-token");
        sessions.logout(a.id());
        assertThrows(AuthenticationException.class, () -> sessions.require(a.id()));
        sessions.require(b.id());
        now.set(now.get().plus(Duration.ofMinutes(31)));
        assertThrows(AuthenticationException.class, () -> sessions.require(b.id()));
    }
}
