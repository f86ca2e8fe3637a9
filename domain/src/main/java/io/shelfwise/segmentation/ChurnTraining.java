package io.shelfwise.segmentation;

import io.shelfwise.common.ConflictException;
import io.shelfwise.segmentation.port.out.ChurnModelTrainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains and evaluates a tenant's churn model on two periods ending at its newest event {@code end}: the model
 * learns from shoppers active at {@code end - 2h} labelled by whether they came back before {@code end - h}
 * ({@code h}: the horizon), and is scored on shoppers active at {@code end - h} labelled by whether they came back
 * before {@code end}; the served model then predicts from {@code end}.
 */
final class ChurnTraining {
    static final int MIN_EXAMPLES = 50;
    private static final long DAY = 86_400;

    private ChurnTraining() {
    }

    static ChurnReport train(ShopperActivity activity, int horizonDays, ChurnModelTrainer trainer, Instant now) {
        Instant newest = activity.newest();
        if (newest == null) {
            throw new ConflictException("the tenant has no events from registered shoppers to learn churn from");
        }
        long end = newest.getEpochSecond() + 1;
        long heldOut = end - horizonDays * DAY;
        long train = heldOut - horizonDays * DAY;
        ChurnExamples trainSet = examples(activity, train, horizonDays);
        ChurnExamples heldOutSet = examples(activity, heldOut, horizonDays);
        for (ChurnExamples set : List.of(trainSet, heldOutSet)) {
            int churned = count(set.churned());
            if (set.size() < MIN_EXAMPLES || churned == 0 || churned == set.size()) {
                throw new ConflictException("not enough history to learn churn over " + horizonDays
                        + " days: each of the two periods before the newest event (" + newest + ") needs at least "
                        + MIN_EXAMPLES + " active shoppers, some returning and some not; found " + set.size()
                        + " with " + churned + " not returning");
            }
        }
        ChurnModel model = trainer.train(trainSet);
        double[] modelScores = new double[heldOutSet.size()];
        double[] recency = new double[heldOutSet.size()];
        for (int i = 0; i < modelScores.length; i++) {
            modelScores[i] = model.probability(heldOutSet.features()[i]);
            recency[i] = heldOutSet.features()[i][0];
        }
        return new ChurnReport(model, horizonDays, Instant.ofEpochSecond(train), Instant.ofEpochSecond(heldOut),
                trainSet.size(), heldOutSet.size(), count(heldOutSet.churned()) / (double) heldOutSet.size(),
                ChurnFeatures.auc(modelScores, heldOutSet.churned()), ChurnFeatures.auc(recency,
                heldOutSet.churned()), now);
    }

    static ChurnExamples examples(ShopperActivity activity, long cutoff, int horizonDays) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (ShopperActivity.Shopper s : activity.shoppers()) {
            if (ChurnFeatures.active(s, cutoff)) {
                rows.add(ChurnFeatures.of(s, cutoff));
                labels.add(!ChurnFeatures.returned(s, cutoff, horizonDays));
            }
        }
        boolean[] churned = new boolean[labels.size()];
        for (int i = 0; i < churned.length; i++) {
            churned[i] = labels.get(i);
        }
        return new ChurnExamples(ChurnFeatures.NAMES, rows.toArray(double[][]::new), churned);
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            if (v) {
                n++;
            }
        }
        return n;
    }
}
