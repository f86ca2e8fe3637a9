package io.shelfwise.datasets;

import io.shelfwise.catalog.Item;
import io.shelfwise.catalog.ItemId;
import io.shelfwise.events.EventType;
import io.shelfwise.events.ShopperEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the RetailRocket e-commerce dataset's {@code events.csv} (columns {@code timestamp,visitorid,event,itemid,
 * transactionid}, timestamps in epoch milliseconds, events {@code view}, {@code addtocart}, {@code transaction}),
 * as published on Kaggle. A transaction becomes a purchase of quantity 1 at price 0 in currency {@code XXX}, the ISO
 * 4217 code for "no currency", since the file carries no price. The catalog is every item the events name, titled by
 * its id, in stock unless the dataset's {@code item_properties*.csv} files beside {@code events.csv} (columns
 * {@code timestamp,itemid,property,value}) say otherwise: an item's latest {@code available} value decides, as the
 * platform's import does. Its other properties are hashed and add nothing the baselines can use.
 */
public final class RetailRocketEvents {
    static final String NO_CURRENCY = "XXX";
    private static final List<String> COLUMNS = List.of("timestamp", "visitorid", "event", "itemid", "transactionid");

    private RetailRocketEvents() {
    }

    public static Dataset load(Path file) throws IOException {
        List<ShopperEvent> events = new ArrayList<>();
        Map<String, ItemId> items = new LinkedHashMap<>();
        Map<String, String> visitors = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DatasetFormatException(file, 1, "empty file; expected the header "
                        + String.join(",", COLUMNS));
            }
            int[] at = columns(file, header);
            String line;
            long number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length < COLUMNS.size()) {
                    throw new DatasetFormatException(file, number, "expected " + COLUMNS.size() + " columns, found "
                            + fields.length);
                }
                Instant time = Instant.ofEpochMilli(Fields.number(file, number, "timestamp", fields[at[0]]));
                String visitor = visitors.computeIfAbsent(Fields.id(file, number, "visitorid", fields[at[1]]), v -> v);
                EventType type = switch (fields[at[2]].trim()) {
                    case "view" -> EventType.VIEW;
                    case "addtocart" -> EventType.ADD_TO_CART;
                    case "transaction" -> EventType.PURCHASE;
                    default -> throw new DatasetFormatException(file, number, "unknown event '" + fields[at[2]]
                            + "'; expected view, addtocart or transaction");
                };
                ItemId item = items.computeIfAbsent(Fields.id(file, number, "itemid", fields[at[3]]), ItemId::new);
                boolean purchase = type == EventType.PURCHASE;
                events.add(new ShopperEvent("rr-" + (number - 1), type, visitor, null, List.of(item),
                        purchase ? 1 : null, purchase ? BigDecimal.ZERO : null, purchase ? NO_CURRENCY : null,
                        null, null, time));
            }
        }
        Map<String, Boolean> available = availability(file);
        List<Item> catalog = items.values().stream()
                .map(id -> new Item(id, "item " + id.value(), null, List.of(), null, null,
                        available.getOrDefault(id.value(), true), Map.of()))
                .toList();
        return new Dataset("retailrocket:" + file.getFileName(), catalog, events);
    }

    /** Each item's latest {@code available} value (1 in stock, 0 not) from the item_properties files beside. */
    private static Map<String, Boolean> availability(Path events) throws IOException {
        Map<String, long[]> latest = new HashMap<>();
        Path dir = events.toAbsolutePath().getParent();
        List<Path> parts;
        try (var listing = Files.list(dir)) {
            parts = listing.filter(p -> p.getFileName().toString().matches("item_properties.*\\.csv")).sorted()
                    .toList();
        }
        for (Path part : parts) {
            try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                List<String> names = header == null ? List.of() : List.of(header.strip().split(",", -1));
                int time = names.indexOf("timestamp");
                int item = names.indexOf("itemid");
                int property = names.indexOf("property");
                int value = names.indexOf("value");
                if (time < 0 || item < 0 || property < 0 || value < 0) {
                    throw new DatasetFormatException(part, 1, "expected the header timestamp,itemid,property,value");
                }
                String line;
                long number = 1;
                while ((line = in.readLine()) != null) {
                    number++;
                    String[] fields = line.split(",", -1);
                    if (fields.length < 4 || !fields[property].trim().equals("available")) {
                        continue;
                    }
                    long at = Fields.number(part, number, "timestamp", fields[time]);
                    long flag = Fields.number(part, number, "value", fields[value]);
                    latest.merge(Fields.id(part, number, "itemid", fields[item]), new long[] {at, flag},
                            (a, b) -> b[0] >= a[0] ? b : a);
                }
            }
        }
        Map<String, Boolean> available = new HashMap<>();
        latest.forEach((item, timeAndFlag) -> available.put(item, timeAndFlag[1] != 0));
        return available;
    }

    private static int[] columns(Path file, String header) {
        List<String> names = List.of(header.strip().split(",", -1));
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            at[i] = names.indexOf(COLUMNS.get(i));
            if (at[i] < 0) {
                throw new DatasetFormatException(file, 1, "header lacks column " + COLUMNS.get(i) + "; expected "
                        + String.join(",", COLUMNS));
            }
        }
        return at;
    }
}
