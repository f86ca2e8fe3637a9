package io.shelfwise.recommendation.ranking;


/**
 * How a learned model is combined with item co-occurrence, the same in serving and in the evaluation gate, so the
 * gate judges what will serve: reciprocal-rank fusion with the factor model weighted 0.7 on home, 0.4 on cart and
 * 0.3 on similar (the "hybrid" row of the quality benchmark, which led on home and cart).
 */
public final class ServingBlend {
    public static final BlendedRanker.Weights WEIGHTS = new BlendedRanker.Weights(0.7, 0.4, 0.3);
    public static final int DEPTH = 100;
    public static final double OFFSET = 10;

    private ServingBlend() {
    }

    public static Ranker of(String name, Ranker factors, Ranker cooccurrence) {
        return new BlendedRanker(name, factors, cooccurrence, WEIGHTS, DEPTH, OFFSET);
    }
}
