package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.ShopperEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Writes a generated store as an onboarding data source: {@code catalog.jsonl} and {@code events.jsonl} in the API's
 * own objects, one per line. The history ends now (it is shifted so), as a store that signs up today has it.
 */
public final class ExportStore {
    static final String USAGE = """
            usage: ExportStore --dir DIR [--events N] [--items N] [--users N] [--seed S] [--days D]
              writes DIR/catalog.jsonl and DIR/events.jsonl for POST /admin/v1/onboardings (dataLocation DIR)
            """;

    private ExportStore() {
    }

    public static void main(String[] args) {
        CommandLineFlags flags;
        try {
            flags = CommandLineFlags.parse(Set.of("dir", "events", "items", "users", "seed", "days"), args);
            if (!flags.has("dir")) {
                throw new IllegalArgumentException("--dir is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ExportStore: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        long events = flags.number("events", 1_000_000, 1, 50_000_000);
        int days = (int) flags.number("days", 60, 1, 3650);
        SyntheticStore.Spec spec = new SyntheticStore.Spec(events,
                (int) flags.number("items", SyntheticStore.Spec.defaultItems(events), 10, 5_000_000),
                (int) flags.number("users", SyntheticStore.Spec.defaultUsers(events), 1, 50_000_000),
                flags.number("seed", 1, 0, Long.MAX_VALUE), days,
                Clock.systemUTC().instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 1L)), 0.1);
        long started = System.nanoTime();
        Counts counts = export(SyntheticStore.generate(spec), Path.of(flags.text("dir", ".")));
        System.out.printf("wrote %,d items and %,d events to %s in %.1f s%n", counts.items(), counts.events(),
                flags.text("dir", "."), (System.nanoTime() - started) / 1e9);
    }

    record Counts(long items, long events) {
    }

    static Counts export(SyntheticStore store, Path dir) {
        try {
            Files.createDirectories(dir);
            long items = 0;
            try (Writer out = Files.newBufferedWriter(dir.resolve("catalog.jsonl"), StandardCharsets.UTF_8)) {
                for (Item item : store.catalog()) {
                    out.write(json(item));
                    out.write('\n');
                    items++;
                }
            }
            long events = 0;
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
                Iterator<ShopperEvent> it = store.events().iterator();
                while (it.hasNext()) {
                    out.write(json(it.next()));
                    out.write('\n');
                    events++;
                }
            }
            return new Counts(items, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Item item) {
        StringBuilder sb = new StringBuilder(160).append('{');
        field(sb, "id", item.id().value());
        field(sb, "title", item.title());
        field(sb, "brand", item.brand());
        sb.append(",\"categoryPath\":").append(array(item.categoryPath()));
        if (item.price() != null) {
            sb.append(",\"price\":").append(item.price().toPlainString());
            field(sb, "currency", item.currency());
        }
        sb.append(",\"inStock\":").append(item.inStock());
        if (!item.attributes().isEmpty()) {
            sb.append(",\"attributes\":{");
            int n = 0;
            for (Map.Entry<String, String> a : item.attributes().entrySet()) {
                sb.append(n++ == 0 ? "" : ",").append(quote(a.getKey())).append(':').append(quote(a.getValue()));
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    static String json(ShopperEvent e) {
        StringBuilder sb = new StringBuilder(200).append('{');
        field(sb, "eventId", e.eventId());
        field(sb, "type", e.type().wireName());
        field(sb, "userId", e.userId());
        field(sb, "anonymousId", e.anonymousId());
        if (!e.itemIds().isEmpty()) {
            sb.append(",\"itemIds\":").append(array(e.itemIds().stream().map(ItemId::value).toList()));
        }
        if (e.quantity() != null) {
            sb.append(",\"quantity\":").append(e.quantity());
        }
        if (e.price() != null) {
            sb.append(",\"price\":").append(e.price().toPlainString());
        }
        field(sb, "currency", e.currency());
        field(sb, "query", e.query());
        field(sb, "timestamp", e.occurredAt().toString());
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(sb.length() > 1 ? "," : "").append(quote(name)).append(':').append(quote(value));
        }
    }

    private static String array(Iterable<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (String v : values) {
            sb.append(sb.length() > 1 ? "," : "").append(quote(v));
        }
        return sb.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
