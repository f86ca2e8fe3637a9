package io.shelfwise.app.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line per record, as {@code key=value} text (the default) or as a JSON object
 * ({@code SHELFWISE_LOG_FORMAT=json}, what a log pipeline on a cluster wants). Both carry the time, level, logger,
 * the current request's id and tenant ({@link RequestLogContext}) and the message; JSON also lifts the message's
 * own {@code key=value} pairs into fields. A failure is logged by its type and stack only: exception messages can
 * quote what a client sent, and logs never carry request bodies or personal data.
 */
public final class ShelfwiseLogFormatter extends Formatter {
    private static final Pattern PAIR = Pattern.compile("(?:^|\\s)([a-z][a-z0-9_]*)=(\\S+)");
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean json;

    /** The format from {@code SHELFWISE_LOG_FORMAT} ({@code text} or {@code json}). */
    public ShelfwiseLogFormatter() {
        this("json".equalsIgnoreCase(System.getenv().getOrDefault("SHELFWISE_LOG_FORMAT", "text")));
    }

    public ShelfwiseLogFormatter(boolean json) {
        this.json = json;
    }

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        String requestId = RequestLogContext.requestId();
        String tenant = RequestLogContext.tenant();
        return json ? json(record, message, requestId, tenant) : text(record, message, requestId, tenant);
    }

    private static String text(LogRecord record, String message, String requestId, String tenant) {
        StringBuilder line = new StringBuilder();
        line.append("ts=").append(Instant.ofEpochMilli(record.getInstant().toEpochMilli())).append(" level=").append(record.getLevel().getName())
                .append(" logger=").append(record.getLoggerName());
        if (requestId != null) {
            line.append(" request_id=").append(requestId);
        }
        if (tenant != null && !message.contains("tenant=")) {
            line.append(" tenant=").append(tenant);
        }
        line.append(' ').append(message);
        if (record.getThrown() != null) {
            line.append(System.lineSeparator()).append(stack(record.getThrown()));
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static String json(LogRecord record, String message, String requestId, String tenant) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", Instant.ofEpochMilli(record.getInstant().toEpochMilli()).toString());
        fields.put("level", record.getLevel().getName());
        fields.put("logger", record.getLoggerName());
        if (requestId != null) {
            fields.put("request_id", requestId);
        }
        if (tenant != null) {
            fields.put("tenant", tenant);
        }
        Matcher pair = PAIR.matcher(message);
        while (pair.find()) {
            fields.putIfAbsent(pair.group(1).toLowerCase(Locale.ROOT), pair.group(2));
        }
        fields.put("message", message);
        if (record.getThrown() != null) {
            fields.put("error", record.getThrown().getClass().getName());
            fields.put("stack", stack(record.getThrown()));
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> f : fields.entrySet()) {
                g.writeStringField(f.getKey(), f.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }

    /** Types and frames of the failure and its causes, never their messages. */
    static String stack(Throwable thrown) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            s.append(t == thrown ? "" : "caused by: ").append(t.getClass().getName()).append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                s.append("\tat ").append(frame).append('\n');
            }
        }
        return s.toString().stripTrailing();
    }
}
