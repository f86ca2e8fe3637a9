package io.shelfwise.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.shelfwise.sdk.error.ApiException;
import io.shelfwise.sdk.error.AuthenticationException;
import io.shelfwise.sdk.error.FieldError;
import io.shelfwise.sdk.error.NotFoundException;
import io.shelfwise.sdk.error.PermissionException;
import io.shelfwise.sdk.error.Problem;
import io.shelfwise.sdk.error.RateLimitedException;
import io.shelfwise.sdk.error.ShelfwiseException;
import io.shelfwise.sdk.error.ValidationException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;

/** Turns a failed response into the exception a caller can act on. */
final class Problems {

    // Enough for any problem document; a huge error page from a proxy is not worth reading whole.
    private static final long MAX_PROBLEM_BYTES = 64 * 1024;

    private Problems() {
    }

    static ShelfwiseException toException(Response response) {
        Problem problem = read(response);
        return switch (problem.status()) {
            case 401 -> new AuthenticationException(problem);
            case 403 -> new PermissionException(problem);
            case 404 -> new NotFoundException(problem);
            case 400, 413, 422 -> new ValidationException(problem);
            case 429 -> new RateLimitedException(problem, retryAfter(response.header("Retry-After")));
            default -> new ApiException(problem);
        };
    }

    static Problem unreadable(int status, String detail) {
        return new Problem("about:blank", "Response could not be read", status, detail, List.of());
    }

    private static Problem read(Response response) {
        int status = response.code();
        String body;
        try {
            body = response.peekBody(MAX_PROBLEM_BYTES).string();
        } catch (IOException e) {
            body = "";
        }
        JsonNode node = parse(body);
        if (node == null || !node.isObject()) {
            // Not a problem document (a proxy's error page, an empty body): keep what little there is.
            String detail = body.isBlank() ? null : body.strip();
            return new Problem("about:blank", response.message(), status, detail, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode error : node.path("errors")) {
            errors.add(new FieldError(error.path("field").asText(""), error.path("message").asText("")));
        }
        return new Problem(text(node, "type"), text(node, "title"), status, text(node, "detail"), errors);
    }

    private static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            // The API sends seconds; an HTTP date from some proxy is treated as "not said".
            return Duration.ZERO;
        }
    }
}
