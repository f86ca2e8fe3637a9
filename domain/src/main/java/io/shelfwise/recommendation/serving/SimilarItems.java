package io.shelfwise.recommendation.serving;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.CooccurrenceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product page's candidates: behavioural neighbours (items looked at together) blended with content
 * neighbours (same category, brand, attribute values). Each list's scores are scaled to its best, then mixed with
 * a behaviour weight {@code 0.7 · n / (n + 1)} for {@code n} behavioural neighbours: a new item without events is
 * pure content; with one co-viewed item behaviour weighs 0.35, with five 0.58, with many close to 0.7, so what
 * shoppers look at together leads while look-alikes rise among the weaker co-occurrences and fill the list.
 */
final class SimilarItems {
    static final double MAX_BEHAVIOUR_WEIGHT = 0.7;
    static final double HALF_EVIDENCE = 1.0;

    private SimilarItems() {
    }

    /** Up to {@code k} candidates for {@code item}'s page, best first; never {@code item} itself. */
    static List<ItemId> blend(ItemId item, List<CooccurrenceModel.Neighbour> behaviour,
                              List<ContentIndex.Match> content, int k) {
        double n = behaviour.size();
        double behaviourWeight = MAX_BEHAVIOUR_WEIGHT * n / (n + HALF_EVIDENCE);
        double bestBehaviour = behaviour.stream().mapToDouble(CooccurrenceModel.Neighbour::similarity).max()
                .orElse(1.0);
        double bestContent = content.stream().mapToDouble(ContentIndex.Match::score).max().orElse(1.0);
        Map<ItemId, Double> scores = new LinkedHashMap<>();
        for (CooccurrenceModel.Neighbour b : behaviour) {
            scores.merge(b.item(), behaviourWeight * b.similarity() / bestBehaviour, Double::sum);
        }
        for (ContentIndex.Match c : content) {
            scores.merge(c.item(), (1.0 - behaviourWeight) * c.score() / bestContent, Double::sum);
        }
        scores.remove(item);
        List<Map.Entry<ItemId, Double>> ranked = new ArrayList<>(scores.entrySet());
        // Stable: equal scores keep behaviour order, then content order.
        ranked.sort(Map.Entry.<ItemId, Double>comparingByValue().reversed());
        return ranked.stream().limit(k).map(Map.Entry::getKey).toList();
    }
}
