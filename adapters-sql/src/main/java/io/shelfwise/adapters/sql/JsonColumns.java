package io.shelfwise.adapters.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** Lists and maps kept as JSON text, which every SQL database stores the same way. */
final class JsonColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    private JsonColumns() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a list or map of strings", e);
        }
    }

    static List<String> list(String json) {
        // The common empty value without a parser (a catalog load reads thousands of rows).
        return "[]".equals(json) ? List.of() : read(json, LIST);
    }

    static Map<String, String> map(String json) {
        return "{}".equals(json) ? Map.of() : read(json, MAP);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
