package io.shelfwise.recommendation.ranking;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockScorer} with the JDK's Vector API: a vector of items at a time (16 with AVX-512), their four partial
 * sums held in registers while the dimensions stream by, multiply then add (no fused multiply-add), so each lane
 * computes exactly the float the plain loop computes. Loaded only when the {@code jdk.incubator.vector} module is
 * present ({@link BlockScorer#best()}).
 */
final class VectorBlockScorer implements BlockScorer {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void score(float[] columns, int items, int dim, float[] query, int from, int length, float[] out) {
        int lanes = SPECIES.length();
        int j = 0;
        for (; j + lanes <= length; j += lanes) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES);
            FloatVector s3 = FloatVector.zero(SPECIES);
            int at = from + j;
            int d = 0;
            for (; d + 3 < dim; d += 4) {
                int c = d * items + at;
                s0 = s0.add(FloatVector.fromArray(SPECIES, columns, c).mul(query[d]));
                s1 = s1.add(FloatVector.fromArray(SPECIES, columns, c + items).mul(query[d + 1]));
                s2 = s2.add(FloatVector.fromArray(SPECIES, columns, c + 2 * items).mul(query[d + 2]));
                s3 = s3.add(FloatVector.fromArray(SPECIES, columns, c + 3 * items).mul(query[d + 3]));
            }
            for (; d < dim; d++) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, columns, d * items + at).mul(query[d]));
            }
            s0.add(s1).add(s2.add(s3)).intoArray(out, j);
        }
        for (; j < length; j++) {
            out[j] = scalar(columns, items, dim, query, from + j);
        }
    }

    /** One item's score with the same four partial sums, for the items after the last full vector. */
    private static float scalar(float[] columns, int items, int dim, float[] query, int item) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            int c = d * items + item;
            s0 += columns[c] * query[d];
            s1 += columns[c + items] * query[d + 1];
            s2 += columns[c + 2 * items] * query[d + 2];
            s3 += columns[c + 3 * items] * query[d + 3];
        }
        for (; d < dim; d++) {
            s0 += columns[d * items + item] * query[d];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
