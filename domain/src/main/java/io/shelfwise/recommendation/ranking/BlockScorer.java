package io.shelfwise.recommendation.ranking;

/**
 * Scores a block of items against a query. Item vectors are stored in panels of {@link #PANEL} items: a panel holds
 * dimension 0 of its items, then dimension 1, and so on ({@link #at}), so scoring reads one contiguous stream and a
 * vector of items at a time. Values are 16-bit integers (the caller folds each dimension's scale into the query), each
 * taken as the float it equals. Every score is the float that a dot product with four partial sums gives (dimensions
 * 0, 4, 8, ...; 1, 5, 9, ...; and so on, each summed in dimension order, then {@code (s0 + s1) + (s2 + s3)}),
 * whichever implementation computes it, so lists do not depend on the machine. {@link #best()} picks the SIMD one
 * (the JDK's Vector API, when the JVM runs with {@code --add-modules jdk.incubator.vector}, as {@code ./shelfwise
 * run} and the image do) and otherwise the plain loop.
 */
interface BlockScorer {
    /** Items one call scores at most; a multiple of {@link #PANEL}. */
    int BLOCK = 1024;
    /** Items per panel; SIMD vectors of 4, 8 or 16 floats divide it. */
    int PANEL = 16;

    /** Where value {@code d} of item {@code i} lies in a panel layout of {@code dim}-long vectors. */
    static int at(int i, int d, int dim) {
        return ((i / PANEL) * dim + d) * PANEL + i % PANEL;
    }

    /** The length of a panel layout of {@code items} vectors: the last panel padded with zeros. */
    static int length(int items, int dim) {
        return (items + PANEL - 1) / PANEL * PANEL * dim;
    }

    /**
     * Writes the scores of items {@code from .. from + length - 1} ({@code from} a multiple of {@link #PANEL}) to
     * {@code out[0 .. length - 1]}; {@code out} is at least {@code BLOCK + PANEL} long and may be written past
     * {@code length} up to the end of the last panel.
     */
    void score(short[] panels, int dim, float[] query, int from, int length, float[] out);

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

    /** The plain loop, item by item over its panel. */
    final class ScalarBlockScorer implements BlockScorer {
        @Override
        public void score(short[] panels, int dim, float[] query, int from, int length, float[] out) {
            for (int j = 0; j < length; j++) {
                int i = from + j;
                int base = at(i, 0, dim);
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                int d = 0;
                for (; d + 3 < dim; d += 4) {
                    int c = base + d * PANEL;
                    s0 += panels[c] * query[d];
                    s1 += panels[c + PANEL] * query[d + 1];
                    s2 += panels[c + 2 * PANEL] * query[d + 2];
                    s3 += panels[c + 3 * PANEL] * query[d + 3];
                }
                for (; d < dim; d++) {
                    s0 += panels[base + d * PANEL] * query[d];
                }
                out[j] = (s0 + s1) + (s2 + s3);
            }
        }
    }
}
