package io.shelfwise.recommendation.ranking;

/**
 * Scores a block of items against a query: item vectors stored dimension by dimension ({@code columns[d * items +
 * i]}). Every score is the float that a dot product with four partial sums gives (dimensions 0, 4, 8, ...; 1, 5,
 * 9, ...; and so on, each summed in dimension order, then {@code (s0 + s1) + (s2 + s3)}), whichever implementation
 * computes it, so lists do not depend on the machine. {@link #best()} picks the SIMD one (the JDK's Vector API,
 * when the JVM runs with {@code --add-modules jdk.incubator.vector}, as {@code ./shelfwise run} and the image do)
 * and otherwise the plain loop.
 */
interface BlockScorer {
    /** Items one call scores at most. */
    int BLOCK = 1024;

    /**
     * Writes the scores of items {@code from .. from + length - 1} to {@code out[0 .. length - 1]}; {@code out} is
     * at least {@code 4 * BLOCK} long (the plain loop keeps its partial sums there).
     */
    void score(float[] columns, int items, int dim, float[] query, int from, int length, float[] out);

    /** The SIMD scorer when the Vector API module is present, else the plain loop. */
    static BlockScorer best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                // Loaded by name: a JVM without the module never links the class.
                return (BlockScorer) Class.forName(BlockScorer.class.getPackageName() + ".VectorBlockScorer")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger(BlockScorer.class.getName()).log(System.Logger.Level.WARNING,
                        "event=simd_scoring_unavailable error=" + e.getClass().getName());
            }
        }
        return new ScalarBlockScorer();
    }

    /** The plain loop: one dimension after another over the block, which the JIT may vectorise on its own. */
    final class ScalarBlockScorer implements BlockScorer {
        @Override
        public void score(float[] columns, int items, int dim, float[] query, int from, int length, float[] out) {
            int s1 = BLOCK;
            int s2 = 2 * BLOCK;
            int s3 = 3 * BLOCK;
            java.util.Arrays.fill(out, 0, 4 * BLOCK, 0f);
            int d = 0;
            for (; d + 3 < dim; d += 4) {
                int c0 = d * items + from;
                int c1 = c0 + items;
                int c2 = c1 + items;
                int c3 = c2 + items;
                float q0 = query[d];
                float q1 = query[d + 1];
                float q2 = query[d + 2];
                float q3 = query[d + 3];
                for (int j = 0; j < length; j++) {
                    out[j] += columns[c0 + j] * q0;
                    out[s1 + j] += columns[c1 + j] * q1;
                    out[s2 + j] += columns[c2 + j] * q2;
                    out[s3 + j] += columns[c3 + j] * q3;
                }
            }
            for (; d < dim; d++) {
                int c = d * items + from;
                float q = query[d];
                for (int j = 0; j < length; j++) {
                    out[j] += columns[c + j] * q;
                }
            }
            for (int j = 0; j < length; j++) {
                out[j] = (out[j] + out[s1 + j]) + (out[s2 + j] + out[s3 + j]);
            }
        }
    }
}
