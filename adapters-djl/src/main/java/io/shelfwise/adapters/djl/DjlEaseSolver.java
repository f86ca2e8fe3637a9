package io.shelfwise.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.shelfwise.recommendation.training.EaseGram;

/**
 * EASE's closed form computed with DJL's PyTorch engine on the CPU: {@code P = (G + λI)⁻¹} and
 * {@code B[i][j] = -P[i][j] / P[j][j]} off the diagonal, 0 on it. The dense inverse costs {@code n³} and three
 * {@code n × n} float matrices of memory (n = 6,000: 3 × 144 MB), which is what bounds the items it covers.
 */
public final class DjlEaseSolver {
    private static final String ENGINE = "PyTorch";

    private DjlEaseSolver() {
    }

    /** The item-to-item weights of {@link io.shelfwise.recommendation.ranking.EaseModel}, row by row. */
    public static float[] weights(EaseGram gram, float lambda) {
        if (!(lambda > 0f)) {
            throw new IllegalArgumentException("lambda must be positive");
        }
        int n = gram.items().size();
        if (n == 0) {
            return new float[0];
        }
        float[] regularised = gram.matrix().clone();
        for (int i = 0; i < n; i++) {
            regularised[i * n + i] += lambda;
        }
        float[] b;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
            NDArray p = manager.create(regularised, new Shape(n, n)).inverse();
            NDArray diagonal = p.diagonal().reshape(1, n);
            b = p.div(diagonal).neg().toFloatArray();
        }
        for (int i = 0; i < n; i++) {
            b[i * n + i] = 0f;
        }
        return b;
    }
}
