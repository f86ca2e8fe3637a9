package io.shelfwise.adapters.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.training.EaseGram;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DjlEaseSolverTest {

    @Test
    void the_weights_are_the_closed_form_of_an_independent_inverse() {
        int n = 40;
        EaseGram gram = randomGram(n, 300, 7);
        float lambda = 5f;

        float[] b = DjlEaseSolver.weights(gram, lambda);

        double[][] p = invert(gram.matrix(), n, lambda);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = i == j ? 0.0 : -p[i][j] / p[j][j];
                assertEquals(expected, b[i * n + j], 1e-4, "B[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void with_little_regularisation_each_item_is_best_reconstructed_from_the_items_it_always_comes_with() {
        // Items 0 and 1 are always bought together, 2 and 3 together, never across: B links within pairs only.
        float[] g = {
            10, 10, 0, 0,
            10, 10, 0, 0,
            0, 0, 6, 6,
            0, 0, 6, 6,
        };
        EaseGram gram = new EaseGram(List.of(new ItemId("a"), new ItemId("b"), new ItemId("c"), new ItemId("d")), g);

        float[] b = DjlEaseSolver.weights(gram, 0.1f);

        assertEquals(1.0, b[1], 0.02);
        assertEquals(1.0, b[2 * 4 + 3], 0.02);
        assertEquals(0.0, b[2], 1e-5);
    }

    @Test
    void the_trainer_port_offers_the_same_weights() {
        EaseGram gram = randomGram(12, 80, 3);
        assertArrayEquals(DjlEaseSolver.weights(gram, 5f), new DjlModelTrainer().easeWeights(gram, 5f).orElseThrow());
    }

    @Test
    void lambda_must_be_positive() {
        EaseGram gram = randomGram(3, 10, 1);
        assertThrows(IllegalArgumentException.class, () -> DjlEaseSolver.weights(gram, 0f));
    }

    /** XᵀX of a random binary matrix of {@code users} rows. */
    private static EaseGram randomGram(int n, int users, long seed) {
        Random random = new Random(seed);
        float[] g = new float[n * n];
        for (int u = 0; u < users; u++) {
            int[] touched = IntStream.range(0, n).filter(i -> random.nextDouble() < 0.15).toArray();
            for (int a : touched) {
                for (int c : touched) {
                    g[a * n + c] += 1f;
                }
            }
        }
        return new EaseGram(IntStream.range(0, n).mapToObj(i -> new ItemId("i" + i)).toList(), g);
    }

    /** (G + λI)⁻¹ by Gauss-Jordan elimination with partial pivoting, in doubles. */
    private static double[][] invert(float[] g, int n, float lambda) {
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = g[i * n + j] + (i == j ? lambda : 0.0);
            }
            a[i][n + i] = 1.0;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double d = a[col][col];
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0.0) {
                    double f = a[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inverse[i], 0, n);
        }
        return inverse;
    }
}
