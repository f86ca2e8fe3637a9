package io.shelfwise.recommendation.ranking;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The working arrays of one {@link FactorRanker} query (every item's score, a block of scores, a sample, candidates'
 * sort keys, the fold-in's matrix), reused across requests from a small shared pool. Requests run on virtual threads,
 * so thread-local arrays would be new for every request: on a 20,000-item catalog that was 80 kB of scores and 8 kB
 * of matrix per home or cart list. Take one with {@link #take()} and give it back with {@link #close()}; an array is
 * only ever read where the same query wrote it.
 */
final class FactorScratch implements AutoCloseable {
    private static final int MAX_POOLED = 32;
    /** Scratch for catalogs larger than this many items (1 MiB of scores) is not kept. */
    private static final int MAX_POOLED_SCORES = 1 << 18;
    /** Nor for factor models larger than 256 dimensions (512 kB of matrix). */
    private static final int MAX_POOLED_MATRIX = 1 << 16;
    private static final ConcurrentLinkedQueue<FactorScratch> POOL = new ConcurrentLinkedQueue<>();

    private float[] scores = new float[0];
    private final float[] block = new float[BlockScorer.BLOCK + BlockScorer.PANEL];
    private float[] sample = new float[0];
    private long[] candidates = new long[256];
    private double[] matrix = new double[0];
    private short[] panels = new short[0];

    private FactorScratch() {
    }

    static FactorScratch take() {
        FactorScratch scratch = POOL.poll();
        return scratch != null ? scratch : new FactorScratch();
    }

    /** At least {@code n} scores. */
    float[] scores(int n) {
        if (scores.length < n) {
            scores = new float[n];
        }
        return scores;
    }

    /** One block of scores ({@link BlockScorer#BLOCK} plus a panel). */
    float[] block() {
        return block;
    }

    /** At least {@code n} sampled scores. */
    float[] sample(int n) {
        if (sample.length < n) {
            sample = new float[n];
        }
        return sample;
    }

    /** The candidates' keys as last grown ({@link #grown}). */
    long[] candidates() {
        return candidates;
    }

    /** Keeps {@code keys}, a grown copy of {@link #candidates()}, for the next query too. */
    void grown(long[] keys) {
        candidates = keys;
    }

    /** At least {@code n} 16-bit values: a block's panels copied from a ranker whose panels are off the heap. */
    short[] panels(int n) {
        if (panels.length < n) {
            panels = new short[n];
        }
        return panels;
    }

    /** At least {@code n} doubles. */
    double[] matrix(int n) {
        if (matrix.length < n) {
            matrix = new double[n];
        }
        return matrix;
    }

    @Override
    public void close() {
        if (scores.length <= MAX_POOLED_SCORES && matrix.length <= MAX_POOLED_MATRIX
                && panels.length <= MAX_POOLED_SCORES && POOL.size() < MAX_POOLED) {
            POOL.offer(this);
        }
    }
}
