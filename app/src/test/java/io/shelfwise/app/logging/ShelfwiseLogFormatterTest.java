package io.shelfwise.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShelfwiseLogFormatterTest {
    @AfterEach
    void clear() {
        RequestLogContext.clear();
    }

    @Test
    void json_lines_carry_the_request_its_tenant_and_the_messages_own_fields() throws Exception {
        String id = RequestLogContext.start("req-42");
        RequestLogContext.tenant("shop-a");
        LogRecord record = new LogRecord(Level.INFO, "event=campaign_planned campaign=cmp-1 audience=12");
        record.setLoggerName("io.shelfwise.campaign.CampaignService");
        String line = new ShelfwiseLogFormatter(true).format(record);
        assertTrue(line.endsWith(System.lineSeparator()) && line.strip().lines().count() == 1, line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("req-42", id);
        assertEquals("req-42", json.get("request_id").asText());
        assertEquals("shop-a", json.get("tenant").asText());
        assertEquals("INFO", json.get("level").asText());
        assertEquals("campaign_planned", json.get("event").asText());
        assertEquals("12", json.get("audience").asText());
        assertEquals("event=campaign_planned campaign=cmp-1 audience=12", json.get("message").asText());
    }

    @Test
    void a_failure_is_logged_by_type_and_stack_never_by_its_message() throws Exception {
        LogRecord record = new LogRecord(Level.SEVERE, "event=unhandled_failure");
        record.setLoggerName("x");
        record.setThrown(new IllegalStateException("user u-123 sent secret body",
                new IllegalArgumentException("more personal data")));
        String json = new ShelfwiseLogFormatter(true).format(record);
        String text = new ShelfwiseLogFormatter(false).format(record);
        for (String line : new String[]{json, text}) {
            assertFalse(line.contains("u-123") || line.contains("personal"), line);
            assertTrue(line.contains("java.lang.IllegalStateException"), line);
            assertTrue(line.contains("caused by: java.lang.IllegalArgumentException"), line);
        }
        assertEquals("java.lang.IllegalStateException", new ObjectMapper().readTree(json).get("error").asText());
    }

    @Test
    void text_lines_keep_the_key_value_shape_and_name_the_request() {
        RequestLogContext.start("bad id with spaces");
        String generated = RequestLogContext.requestId();
        assertTrue(generated.matches("[0-9a-f]{16}"), "an unusable caller id is replaced: " + generated);
        RequestLogContext.tenant("shop-b");
        LogRecord record = new LogRecord(Level.INFO, "event=x");
        record.setLoggerName("l");
        String line = new ShelfwiseLogFormatter(false).format(record);
        assertTrue(line.matches("ts=\\S+Z level=INFO logger=l request_id=" + generated + " tenant=shop-b event=x\\R"),
                line);
        RequestLogContext.clear();
        assertFalse(new ShelfwiseLogFormatter(false).format(record).contains("request_id"), "outside a request");
    }
}
