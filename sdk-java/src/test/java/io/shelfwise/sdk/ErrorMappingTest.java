package io.shelfwise.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.AuthenticationException;
import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.NotFoundException;
import io.shelfwise.sdk.error.PermissionException;
import io.shelfwise.sdk.error.Problem;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import io.shelfwise.sdk.model.Event;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest extends MockServerTest {

    private ShelfwiseException failureOfSend() {
        try (ShelfwiseClient client = client().maxRetries(0).build()) {
            return assertThrows(ShelfwiseException.class, () -> client.events().send(List.of(Event.view("u-1", "sku-1"))));
        }
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @CsvSource({
            "400, ValidationException",
            "401, AuthenticationException",
            "403, PermissionException",
            "404, NotFoundException",
            "409, ApiException",
            "413, ValidationException",
            "415, ApiException",
            "422, ValidationException",
            "429, RateLimitedException",
            "500, ApiException",
            "503, ApiException"})
    void each_error_status_is_reported_as_its_exception(int status, String exception) {
        server.enqueue(json(status, """
                {"type":"https://shelfwise.io/problems/x","title":"Something","status":%d,"detail":"what went wrong"}"""
                .formatted(status)));

        ShelfwiseException failure = failureOfSend();

        assertEquals(exception, failure.getClass().getSimpleName());
        assertEquals(status, failure.status());
        Problem problem = failure.problem().orElseThrow();
        assertEquals("https://shelfwise.io/problems/x", problem.type());
        assertEquals("Something", problem.title());
        assertEquals("what went wrong", problem.detail());
        assertTrue(failure.getMessage().contains("what went wrong"), failure.getMessage());
    }

    @Test
    void validation_failure_carries_the_field_errors_of_the_problem() {
        server.enqueue(json(422, """
                {"type":"https://shelfwise.io/problems/validation","title":"Request is invalid","status":422,
                 "detail":"2 fields are invalid",
                 "errors":[{"field":"events[0].type","message":"unknown event type 'viewed'"},
                           {"field":"events[3].timestamp","message":"is more than 300 seconds in the future"}]}"""));

        ValidationException failure = assertInstanceOf(ValidationException.class, failureOfSend());

        assertEquals(List.of(
                new FieldError("events[0].type", "unknown event type 'viewed'"),
                new FieldError("events[3].timestamp", "is more than 300 seconds in the future")), failure.errors());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void rate_limit_carries_retry_after() {
        server.enqueue(new MockResponse.Builder(problem(429, "Too many requests")).addHeader("Retry-After", "7").build());

        RateLimitedException failure = assertInstanceOf(RateLimitedException.class, failureOfSend());

        assertEquals(Duration.ofSeconds(7), failure.retryAfter());
    }

    @Test
    void error_without_a_problem_body_is_still_mapped() {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body("<html>Bad gateway</html>").build());

        ApiException failure = assertInstanceOf(ApiException.class, failureOfSend());

        assertEquals(502, failure.status());
        assertEquals("<html>Bad gateway</html>", failure.problem().orElseThrow().detail());
    }

    @Test
    void unreadable_success_body_is_an_api_exception() {
        server.enqueue(json(200, "not json"));

        ApiException failure = assertInstanceOf(ApiException.class, failureOfSend());

        assertEquals(200, failure.status());
    }

    @Test
    void authentication_failure_is_not_retried() {
        server.enqueue(problem(401, "Unauthorized"));
        try (ShelfwiseClient client = client().build()) {
            assertThrows(AuthenticationException.class, () -> client.recommendations().popular(10));
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void not_found_is_reported_where_absence_is_not_an_answer() {
        server.enqueue(problem(404, "Not found"));
        try (ShelfwiseClient client = client().build()) {
            assertThrows(NotFoundException.class, () -> client.recommendations().popular(10));
        }
    }

    @Test
    void permission_failure_is_reported_for_a_suspended_tenant() {
        server.enqueue(problem(403, "Tenant suspended"));
        try (ShelfwiseClient client = client().build()) {
            PermissionException failure = assertThrows(PermissionException.class, () -> client.catalog().list(null, 10));
            assertEquals("Tenant suspended", failure.problem().orElseThrow().title());
        }
    }
}
