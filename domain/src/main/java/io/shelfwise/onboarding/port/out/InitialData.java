package io.shelfwise.onboarding.port.out;

import io.shelfwise.tenancy.TenantId;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A store's initial catalog and history at a location (a directory embedded, an object-store prefix on AWS), read
 * row by row in our own JSON-lines schema: each line the same object the API takes. Rows are parsed, not
 * validated: the workflow validates each one with the domain's rules.
 */
public interface InitialData {
    /** The catalog rows ({@code catalog.jsonl}); an empty reader when the location has no catalog file. */
    Rows<ItemRow> catalog(TenantId tenant, String location);

    /** The event rows ({@code events.jsonl}); an empty reader when the location has no events file. */
    Rows<EventRow> events(TenantId tenant, String location);

    /** Rows in file order, with the bytes read so far for progress. */
    interface Rows<T> extends Iterator<Row<T>>, AutoCloseable {
        long bytesRead();

        /** The file's size, 0 when unknown. */
        long totalBytes();

        @Override
        void close();
    }

    /** One line: its number, the parsed value, or why it could not be parsed (then {@code value} is null). */
    record Row<T>(long line, T value, String field, String problem) {
    }

    /** An item as the API takes it. */
    record ItemRow(String id, String title, String brand, List<String> categoryPath, BigDecimal price,
                   String currency, Boolean inStock, Map<String, String> attributes) {
    }

    /** An event as the API takes it. */
    record EventRow(String eventId, String type, String userId, String anonymousId, List<String> itemIds,
                    Integer quantity, BigDecimal price, String currency, String query, String recommendationId,
                    String timestamp) {
    }
}
