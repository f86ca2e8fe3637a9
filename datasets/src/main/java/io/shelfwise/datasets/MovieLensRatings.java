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
 * Reads MovieLens ratings: {@code ratings.csv} (header {@code userId,movieId,rating,timestamp}, as in ml-latest and
 * ml-25m) or {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}, no header, as in ml-1m and ml-10m);
 * timestamps in epoch seconds. A rating of at least {@value #POSITIVE} stars is a positive and becomes a purchase
 * (quantity 1, price 0, currency {@code XXX}); a lower one is a view, since the user did watch the movie.
 */
public final class MovieLensRatings {
    static final double POSITIVE = 4.0;

    private MovieLensRatings() {
    }

    /** Reads {@code file}, telling the format by its extension ({@code .dat} or otherwise CSV). */
    public static Dataset load(Path file) throws IOException {
        boolean dat = file.getFileName().toString().endsWith(".dat");
        List<ShopperEvent> events = new ArrayList<>();
        Map<String, ItemId> movies = new LinkedHashMap<>();
        Map<String, String> users = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank() || (!dat && number == 1 && line.startsWith("userId"))) {
                    continue;
                }
                String[] fields = dat ? line.split("::", -1) : line.split(",", -1);
                if (fields.length != 4) {
                    throw new DatasetFormatException(file, number, "expected 4 fields (user, movie, rating, "
                            + "timestamp) separated by " + (dat ? "'::'" : "','") + ", found " + fields.length);
                }
                String user = users.computeIfAbsent(Fields.id(file, number, "userId", fields[0]), u -> u);
                ItemId movie = movies.computeIfAbsent(Fields.id(file, number, "movieId", fields[1]),
                        ItemId::new);
                double rating = rating(file, number, fields[2]);
                Instant time = Instant.ofEpochSecond(Fields.number(file, number, "timestamp", fields[3]));
                boolean positive = rating >= POSITIVE;
                events.add(new ShopperEvent("ml-" + number, positive ? EventType.PURCHASE : EventType.VIEW, user, null,
                        List.of(movie), positive ? 1 : null, positive ? BigDecimal.ZERO : null,
                        positive ? RetailRocketEvents.NO_CURRENCY : null, null, null, time));
            }
        }
        List<Item> catalog = movies.values().stream()
                .map(id -> new Item(id, "movie " + id.value(), null, List.of(), null, null, true, Map.of()))
                .toList();
        return new Dataset("movielens:" + file.getFileName(), catalog, events);
    }

    private static double rating(Path file, long line, String value) {
        try {
            double rating = Double.parseDouble(value.trim());
            if (!(rating >= 0.0 && rating <= 5.0)) {
                throw new DatasetFormatException(file, line, "rating " + value + " is outside 0..5");
            }
            return rating;
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "rating '" + value + "' is not a number");
        }
    }
}
