package io.shelfwise.adapters.local;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.shelfwise.onboarding.port.out.InitialData.EventRow;
import io.shelfwise.onboarding.port.out.InitialData.ItemRow;
import io.shelfwise.onboarding.port.out.InitialData.Row;
import io.shelfwise.onboarding.port.out.InitialData.Rows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The CSV layouts an onboarding reads, parsed with Jackson's CSV module (quoting and escapes as RFC 4180):
 * <ul>
 *   <li>our own: {@code catalog.csv} with the header {@code id,title,brand,categoryPath,price,currency,inStock}
 *       ({@code categoryPath} levels joined by {@code " > "}) and {@code events.csv} with the header
 *       {@code eventId,type,userId,anonymousId,itemIds,quantity,price,currency,query,recommendationId,timestamp}
 *       ({@code itemIds} joined by {@code "|"}); empty cells are absent fields;</li>
 *   <li>RetailRocket's: {@code events.csv} ({@code timestamp,visitorid,event,itemid,transactionid}, epoch
 *       milliseconds; a transaction becomes a purchase of quantity 1 at price 0 in currency {@code XXX}, as the file
 *       has no prices) and {@code item_properties*.csv} ({@code timestamp,itemid,property,value}), whose latest
 *       {@code categoryid} and {@code available} per item make the catalog; items only the events name are listed
 *       in stock.</li>
 * </ul>
 */
final class CsvInitialData {
    static final String CATALOG = "catalog.csv";
    static final String EVENTS = "events.csv";
    private static final String RETAIL_ROCKET_HEADER = "timestamp,visitorid,event,itemid,transactionid";
    private static final String NO_CURRENCY = "XXX";
    private static final CsvMapper CSV = new CsvMapper();

    private CsvInitialData() {
    }

    /** Whether {@code events.csv} in {@code dir} is RetailRocket's rather than ours. */
    static boolean isRetailRocket(Path dir) {
        Path events = dir.resolve(EVENTS);
        if (!Files.exists(events)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(events)) {
            return lines.findFirst().map(h -> h.trim().replace("\uFEFF", "").equals(RETAIL_ROCKET_HEADER))
                    .orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + events, e);
        }
    }

    static Rows<ItemRow> catalog(Path file) {
        return rows(file, cells -> new ItemRow(cells.get("id"), cells.get("title"), cells.get("brand"),
                cells.get("categoryPath") == null ? null : List.of(cells.get("categoryPath").split("\\s*>\\s*")),
                decimal(cells, "price"), cells.get("currency"), bool(cells, "inStock"), Map.of()));
    }

    static Rows<EventRow> events(Path file) {
        return rows(file, cells -> new EventRow(cells.get("eventId"), cells.get("type"), cells.get("userId"),
                cells.get("anonymousId"),
                cells.get("itemIds") == null ? null : List.of(cells.get("itemIds").split("\\|")),
                integer(cells, "quantity"), decimal(cells, "price"), cells.get("currency"), cells.get("query"),
                cells.get("recommendationId"), cells.get("timestamp")));
    }

    static Rows<EventRow> retailRocketEvents(Path file) {
        return rows(file, cells -> {
            String type = cells.get("event");
            boolean purchase = "transaction".equals(type);
            String millis = cells.get("timestamp");
            String timestamp;
            try {
                timestamp = millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
            } catch (NumberFormatException e) {
                throw new CellException("timestamp", "must be epoch milliseconds, not '" + millis + "'");
            }
            // The file has no event ids: one made of what the row says keeps a re-import idempotent.
            String eventId = "rr-" + millis + "-" + cells.get("visitorid") + "-" + cells.get("itemid") + "-" + type;
            return new EventRow(eventId, switch (type == null ? "" : type) {
                case "view" -> "view";
                case "addtocart" -> "add_to_cart";
                case "transaction" -> "purchase";
                default -> throw new CellException("event", "must be view, addtocart or transaction, not '" + type
                        + "'");
            }, cells.get("visitorid"), null, cells.get("itemid") == null ? null : List.of(cells.get("itemid")),
                    purchase ? 1 : null, purchase ? BigDecimal.ZERO : null, purchase ? NO_CURRENCY : null, null, null,
                    timestamp);
        });
    }

    /** The catalog of a RetailRocket export: every item with properties or events, latest properties winning. */
    static Rows<ItemRow> retailRocketCatalog(Path dir) {
        Map<String, String[]> latest = new LinkedHashMap<>();
        Map<String, Long> at = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("item_properties.*\\.csv"))
                    .sorted().toList()) {
                try (Rows<Map<String, String>> rows = rows(file, cells -> cells)) {
                    while (rows.hasNext()) {
                        Map<String, String> cells = rows.next().value();
                        String property = cells == null ? null : cells.get("property");
                        if (!"categoryid".equals(property) && !"available".equals(property)) {
                            continue;
                        }
                        String item = cells.get("itemid");
                        long time = Long.parseLong(cells.getOrDefault("timestamp", "0"));
                        String key = item + "#" + property;
                        if (time >= at.getOrDefault(key, Long.MIN_VALUE)) {
                            at.put(key, time);
                            String[] values = latest.computeIfAbsent(item, i -> new String[2]);
                            values["categoryid".equals(property) ? 0 : 1] = cells.get("value");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        try (Rows<EventRow> events = retailRocketEvents(dir.resolve(EVENTS))) {
            while (events.hasNext()) {
                EventRow event = events.next().value();
                if (event != null && event.itemIds() != null) {
                    event.itemIds().forEach(item -> latest.computeIfAbsent(item, i -> new String[2]));
                }
            }
        }
        List<Row<ItemRow>> items = new ArrayList<>(latest.size());
        long line = 0;
        for (Map.Entry<String, String[]> item : latest.entrySet()) {
            String category = item.getValue()[0];
            items.add(new Row<>(++line, new ItemRow(item.getKey(), "Item " + item.getKey(), null,
                    category == null ? List.of() : List.of("category " + category), null, null,
                    !"0".equals(item.getValue()[1]), Map.of()), null, null));
        }
        return listed(items);
    }

    private static <T> Rows<T> rows(Path file, Function<Map<String, String>, T> convert) {
        try {
            long size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .with(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
                    .readValues(in);
            return new Rows<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return it.hasNextValue();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public Row<T> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long line = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
                    Map<String, String> cells;
                    try {
                        cells = it.nextValue();
                    } catch (IOException | RuntimeJsonMappingException e) {
                        return new Row<>(line, null, null, "not a CSV row: " + LocalDirectoryInitialData.firstLine(e.getMessage()));
                    }
                    cells.replaceAll((k, v) -> v == null || v.isBlank() ? null : v.trim());
                    cells.values().removeIf(java.util.Objects::isNull);
                    try {
                        return new Row<>(line, convert.apply(cells), null, null);
                    } catch (CellException bad) {
                        return new Row<>(line, null, bad.field, bad.getMessage());
                    }
                }

                @Override
                public long bytesRead() {
                    var at = it.getParser().currentLocation();
                    return Math.min(size, Math.max(0, Math.max(at.getByteOffset(), at.getCharOffset())));
                }

                @Override
                public long totalBytes() {
                    return size;
                }

                @Override
                public void close() {
                    try {
                        it.close();
                        in.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static <T> Rows<T> listed(List<Row<T>> all) {
        Iterator<Row<T>> it = all.iterator();
        return new Rows<>() {
            private long read;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row<T> next() {
                read++;
                return it.next();
            }

            @Override
            public long bytesRead() {
                return read;
            }

            @Override
            public long totalBytes() {
                return all.size();
            }

            @Override
            public void close() {
            }
        };
    }

    private static BigDecimal decimal(Map<String, String> cells, String field) {
        String value = cells.get(field);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new CellException(field, "must be a number, not '" + value + "'");
        }
    }

    private static Integer integer(Map<String, String> cells, String field) {
        String value = cells.get(field);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new CellException(field, "must be an integer, not '" + value + "'");
        }
    }

    private static Boolean bool(Map<String, String> cells, String field) {
        String value = cells.get(field);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new CellException(field, "must be true or false, not '" + value + "'");
        };
    }

    /** A cell that cannot become its field. */
    private static final class CellException extends RuntimeException {
        private final String field;

        CellException(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
