package io.shelfwise.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.shelfwise.common.AuthenticationException;
import io.shelfwise.common.ConflictException;
import io.shelfwise.common.DomainException;
import io.shelfwise.common.FieldError;
import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.PermissionDeniedException;
import io.shelfwise.common.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.System.Logger.Level;
import java.util.List;

/** The one place where failures become HTTP answers: problem JSON with the status a client expects. */
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        // A body that breaks its limit mid-read fails inside the JSON reader, which wraps what the stream threw.
        Throwable failure = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DomainException || t instanceof WebApplicationException) {
                failure = t;
                break;
            }
        }
        if (failure instanceof DomainException domain) {
            return domain(domain);
        }
        // A type Jackson cannot write (or read) at all is our bug, not the client's: it falls through to 500.
        if (failure instanceof JsonProcessingException json
                && !(failure instanceof com.fasterxml.jackson.databind.exc.InvalidDefinitionException)) {
            return json(json);
        }
        if (failure instanceof WebApplicationException web) {
            return web(web);
        }
        // The type and where it happened, never the message: it can quote what the client sent (shoppers' ids).
        LOG.log(Level.ERROR, "event=unhandled_failure type=" + failure.getClass().getName() + " at="
                + java.util.Arrays.stream(failure.getStackTrace()).limit(8).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(" < ")));
        return Problem.of("internal", "Internal error", 500,
                "the request failed on our side").toResponse().build();
    }

    private static Response domain(DomainException failure) {
        return switch (failure) {
            case ValidationException v -> Problem.invalid("validation", 422, v.errors()).toResponse().build();
            case NotFoundException n -> Problem.of("not-found", "Not found", 404, n.getMessage()).toResponse().build();
            case ConflictException c -> Problem.of("conflict", "Conflict", 409, c.getMessage()).toResponse().build();
            case AuthenticationException a -> Problem.of("unauthenticated", "Not authenticated", 401, a.getMessage())
                    .toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
            case PermissionDeniedException p -> Problem.of("forbidden", "Forbidden", 403, p.getMessage())
                    .toResponse().build();
            case LimitExceededException l -> limit(l);
        };
    }

    private static Response limit(LimitExceededException l) {
        Problem problem = switch (l.kind()) {
            case REQUEST_SIZE -> l.field() == null
                    ? Problem.of("payload-too-large", "Payload too large", 413, l.getMessage())
                    : Problem.invalid("payload-too-large", 413, List.of(new FieldError(l.field(), l.getMessage())));
            case RATE -> Problem.of("rate-limited", "Too many requests", 429, l.getMessage());
            case QUOTA -> l.retryAfter() == null
                    ? Problem.invalid("quota-exceeded", 422, List.of(new FieldError(l.field(), l.getMessage())))
                    : Problem.of("quota-exceeded", "Quota exceeded", 429, l.getMessage());
        };
        Response.ResponseBuilder response = problem.toResponse();
        if (l.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, l.retryAfter().toSeconds()));
        }
        return response.build();
    }

    private static Response json(JsonProcessingException failure) {
        StreamReadException syntax = syntaxError(failure);
        if (syntax == null && failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            String message = failure instanceof UnrecognizedPropertyException
                    ? "is not a known field"
                    : expected(failure);
            return Problem.invalid("validation", 422, List.of(new FieldError(field, message))).toResponse().build();
        }
        JsonProcessingException cause = syntax != null ? syntax : failure;
        String where = cause.getLocation() == null ? ""
                : " (line " + cause.getLocation().getLineNr() + ", column " + cause.getLocation().getColumnNr() + ")";
        return Problem.of("malformed-json", "Malformed JSON", 400,
                "the body is not valid JSON" + where + ": " + firstLine(cause.getOriginalMessage()))
                .toResponse().build();
    }

    private static StreamReadException syntaxError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException read) {
                return read;
            }
        }
        return null;
    }

    /** What the field should have been, in the client's terms rather than Java's. */
    private static String expected(JsonProcessingException failure) {
        Class<?> target = failure instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "has the wrong type";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(target)) {
            return "must be a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "must be an array";
        }
        return "must be an object";
    }

    private static Response web(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not support that method";
            case 406 -> "this resource cannot answer in a media type the Accept header allows";
            case 415 -> failure.getMessage() != null && failure.getMessage().startsWith("send ")
                    ? failure.getMessage() : "send the body as application/json";
            default -> failure.getMessage();
        };
        Response.ResponseBuilder response = Problem.of(slug(title), title, status, detail).toResponse();
        failure.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson appends where an unclosed object began, naming its internal source: noise for a client.
        int marker = line.indexOf(" (start marker");
        return marker < 0 ? line : line.substring(0, marker);
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
