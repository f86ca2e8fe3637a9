package io.shelfwise.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.shelfwise.recommendation.port.out.ModelTrainer;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.training.EaseGram;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingOptions;
import io.shelfwise.recommendation.training.TrainingProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Implicit-feedback matrix factorisation (iALS: weighted alternating least squares, each vector solved by a few
 * conjugate-gradient steps) computed with DJL's PyTorch engine on the CPU.
 *
 * <p>Every (user, item) cell counts: an observed pair has preference 1 and confidence {@code 1 + scale * weight}
 * (repeated pairs are summed first), an unobserved one preference 0 and confidence 1. Each vector's L2 penalty is
 * {@link TrainingOptions#regularization()} times the total confidence of its observed cells. An epoch solves all
 * user vectors with the item vectors fixed, then all item vectors; each solve moves straight towards that
 * vector's least-squares optimum, so {@link TrainingOptions#learningRate()} plays no part. The reported loss is
 * the whole objective divided by the number of distinct observed pairs; it does not rise from one epoch to the next.
 *
 * <p>Instances hold only settings and may train several tenants at once from different threads.
 */
public final class DjlModelTrainer implements ModelTrainer {

    /** Confidence added per unit of interaction weight. */
    public static final float DEFAULT_CONFIDENCE_SCALE = 10f;
    /** Conjugate-gradient steps per vector and epoch; three from a warm start match an exact solve closely. */
    public static final int DEFAULT_CONJUGATE_GRADIENT_STEPS = 3;
    /** Floats gathered per batched solve (64 MiB); bounds the working memory whatever the data size. */
    public static final int DEFAULT_MAX_BLOCK_FLOATS = 1 << 24;

    private static final String ENGINE = "PyTorch";
    // Keeps the CG ratios finite for a row that is already solved (zero residual); far below any real value.
    private static final float EPSILON = 1e-30f;
    private static final int[] ROW = {1};

    private final float confidenceScale;
    private final int conjugateGradientSteps;
    private final int maxBlockFloats;

    /** A trainer with the default confidence scale, solver steps and block size. */
    public DjlModelTrainer() {
        this(DEFAULT_CONFIDENCE_SCALE, DEFAULT_CONJUGATE_GRADIENT_STEPS, DEFAULT_MAX_BLOCK_FLOATS);
    }

    /**
     * @param confidenceScale        confidence per unit of weight ({@code alpha} in Hu, Koren and Volinsky)
     * @param conjugateGradientSteps solver steps per vector and epoch
     * @param maxBlockFloats         how many floats one batch of rows may gather (memory per step)
     */
    public DjlModelTrainer(float confidenceScale, int conjugateGradientSteps, int maxBlockFloats) {
        if (!(confidenceScale > 0) || !Float.isFinite(confidenceScale)) {
            throw new IllegalArgumentException("confidence scale must be positive and finite, got " + confidenceScale);
        }
        if (conjugateGradientSteps < 1 || maxBlockFloats < 1) {
            throw new IllegalArgumentException("conjugate-gradient steps and block size must be positive");
        }
        this.confidenceScale = confidenceScale;
        this.conjugateGradientSteps = conjugateGradientSteps;
        this.maxBlockFloats = maxBlockFloats;
    }

    /** EASE's weights, inverted with the same PyTorch engine ({@link DjlEaseSolver}). */
    @Override
    public Optional<float[]> easeWeights(EaseGram gram, float lambda) {
        return Optional.of(DjlEaseSolver.weights(gram, lambda));
    }

    @Override
    public LearnedFactors train(Interactions data, TrainingOptions options, TrainingProgress progress) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        Feedback feedback = Feedback.of(data);
        int dim = options.factors();
        Ordering users = Ordering.byCount(feedback.users());
        Ordering items = Ordering.byCount(feedback.items());
        SplittableRandom random = new SplittableRandom(options.seed());
        float[] userStart = initialVectors(random, users, dim);
        float[] itemStart = initialVectors(random, items, dim);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
            NDArray userVectors = manager.create(userStart, new Shape(users.size(), dim));
            NDArray itemVectors = manager.create(itemStart, new Shape(items.size(), dim));
            List<Block> userBlocks = blocks(manager, feedback.users(), users, items, dim, options.regularization());
            List<Block> itemBlocks = blocks(manager, feedback.items(), items, users, dim, options.regularization());
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                Terms userTerms = solve(userVectors, itemVectors, userBlocks);
                // Items are solved last, so their observed term and both penalties describe the epoch's factors.
                Terms itemTerms = solve(itemVectors, userVectors, itemBlocks);
                double loss = (itemTerms.observed() + userTerms.penalty() + itemTerms.penalty()
                        + allCells(userVectors, itemVectors)) / feedback.pairs();
                progress.epochDone(epoch, options.epochs(), loss, Duration.ofNanos(System.nanoTime() - started));
            }
            return new LearnedFactors(dim,
                    data.items(), items.inOriginalOrder(itemVectors.toFloatArray(), dim),
                    data.users(), users.inOriginalOrder(userVectors.toFloatArray(), dim));
        }
    }

    /**
     * Re-solves every row in {@code blocks} of {@code solved} with {@code fixed} held constant, and returns the
     * objective's terms that depend on the observed cells and on the solved side's penalty, after the update.
     */
    private Terms solve(NDArray solved, NDArray fixed, List<Block> blocks) {
        double observed = 0;
        double penalty = 0;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray gram = fixed.transpose().matMul(fixed);
            for (Block block : blocks) {
                try (NDScope blockScope = new NDScope()) {
                    blockScope.suppressNotUsedWarning();
                    NDArray gathered = fixed.get(new NDIndex("{}", block.neighbours()));
                    NDIndex rows = new NDIndex("{}:{}", block.from(), block.to());
                    NDArray solution = conjugateGradient(solved.get(rows), gathered, block, gram);
                    solved.set(rows, solution);
                    // Observed cell: c(1 - s)^2 replaces the s^2 that allCells counts for it.
                    NDArray scores = gathered.batchMatMul(solution.expandDims(2));
                    observed += block.targetSum()
                            - 2.0 * block.target().mul(scores).sum().getFloat()
                            + block.confidence().mul(scores.square()).sum().getFloat();
                    penalty += block.penalty().mul(solution.square()).sum().getFloat();
                }
            }
        }
        return new Terms(observed, penalty);
    }

    /** {@code sum of s^2 over every (user, item) cell}, from the two Gram matrices instead of all the cells. */
    private static double allCells(NDArray userVectors, NDArray itemVectors) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray users = userVectors.toType(DataType.FLOAT64, false);
            NDArray items = itemVectors.toType(DataType.FLOAT64, false);
            return users.transpose().matMul(users).mul(items.transpose().matMul(items)).sum().getDouble();
        }
    }

    /**
     * A few conjugate-gradient steps on {@code (F'F + penalty I + G' diag(c - 1) G) x = G' c} for every row of
     * the block at once, starting from the current vectors (warm start keeps three steps enough epoch after epoch).
     */
    private NDArray conjugateGradient(NDArray start, NDArray gathered, Block block, NDArray gram) {
        NDArray transposed = gathered.transpose(0, 2, 1);
        NDArray x = start;
        NDArray residual = transposed.batchMatMul(block.target()).squeeze(2)
                .sub(product(x, gathered, transposed, block, gram));
        NDArray direction = residual;
        NDArray residualNorm = residual.square().sum(ROW, true);
        for (int step = 1; step <= conjugateGradientSteps; step++) {
            NDArray applied = product(direction, gathered, transposed, block, gram);
            NDArray length = residualNorm.div(direction.mul(applied).sum(ROW, true).add(EPSILON));
            x = x.add(direction.mul(length));
            if (step == conjugateGradientSteps) {
                break;
            }
            residual = residual.sub(applied.mul(length));
            NDArray nextNorm = residual.square().sum(ROW, true);
            direction = residual.add(direction.mul(nextNorm.div(residualNorm.add(EPSILON))));
            residualNorm = nextNorm;
        }
        return x;
    }

    /** The system matrix times {@code v} without forming it: {@code F'F v + penalty v + G' (c - 1) (G v)}. */
    private static NDArray product(NDArray v, NDArray gathered, NDArray transposed, Block block, NDArray gram) {
        NDArray observed = transposed.batchMatMul(gathered.batchMatMul(v.expandDims(2)).mul(block.confidence()))
                .squeeze(2);
        return v.matMul(gram).add(v.mul(block.penalty())).add(observed);
    }

    /**
     * Cuts the rows that have feedback, in ascending order of count, into blocks padded to their longest row:
     * sorting keeps the padding small, and a block is as many rows as fit {@code maxBlockFloats} once gathered.
     */
    private List<Block> blocks(NDManager manager, Feedback.Side side, Ordering own, Ordering other, int dim,
                               float regularization) {
        List<Block> blocks = new ArrayList<>();
        int from = own.firstWithFeedback();
        while (from < side.rows()) {
            int to = from + 1;
            while (to < side.rows()
                    && (long) (to + 1 - from) * side.count(own.row(to)) * dim <= maxBlockFloats) {
                to++;
            }
            int width = side.count(own.row(to - 1));
            int rows = to - from;
            long[] neighbours = new long[rows * width];
            float[] confidence = new float[rows * width];
            float[] target = new float[rows * width];
            float[] penalty = new float[rows];
            double targetSum = 0;
            for (int i = 0; i < rows; i++) {
                int row = own.row(from + i);
                double observedConfidence = 0;
                for (int j = 0, k = side.start()[row]; k < side.start()[row + 1]; j++, k++) {
                    // Padding keeps neighbour 0 with confidence and target 0, so it adds nothing anywhere.
                    neighbours[i * width + j] = other.rank(side.column()[k]);
                    confidence[i * width + j] = confidenceScale * side.weight()[k];
                    target[i * width + j] = 1 + confidence[i * width + j];
                    targetSum += target[i * width + j];
                    observedConfidence += target[i * width + j];
                }
                // Weighted-lambda regularisation (Zhou et al., ALS-WR): a row's penalty grows with the confidence
                // of its observed cells, so one value suits a tenant of a thousand events and one of a million
                // (0.1 scored well from 1k to 1M here; a fixed penalty needed 10-100 times more on the small one).
                // Scaling by the catalog size as well (Rendle et al.'s iALS) drove every vector to zero at 1M.
                penalty[i] = (float) (regularization * observedConfidence);
            }
            blocks.add(new Block(from, to,
                    manager.create(neighbours, new Shape(rows, width)),
                    manager.create(confidence, new Shape(rows, width, 1)),
                    manager.create(target, new Shape(rows, width, 1)),
                    targetSum,
                    manager.create(penalty, new Shape(rows, 1))));
            from = to;
        }
        return blocks;
    }

    /**
     * Random unit-length-on-average vectors for rows with feedback; zero (their exact optimum) for rows without.
     * Starting near zero instead (0.01 per entry) let a strong penalty shrink vectors into float32 subnormals for
     * a few epochs, each then six times slower; PyTorch's flush-denormal switch is not reachable through DJL.
     */
    private static float[] initialVectors(SplittableRandom random, Ordering ordering, int dim) {
        float[] vectors = new float[ordering.size() * dim];
        double scale = 1 / Math.sqrt(dim);
        for (int rank = ordering.firstWithFeedback(); rank < ordering.size(); rank++) {
            for (int d = 0; d < dim; d++) {
                vectors[rank * dim + d] = (float) (random.nextGaussian() * scale);
            }
        }
        return vectors;
    }

    /**
     * Rows of one side renumbered by ascending feedback count (ties by index), so that every block is a
     * contiguous range of ranks that DJL can read and write as a slice.
     */
    private record Ordering(int[] order, int[] ranks, int firstWithFeedback) {
        static Ordering byCount(Feedback.Side side) {
            long[] keys = new long[side.rows()];
            for (int row = 0; row < side.rows(); row++) {
                keys[row] = ((long) side.count(row) << 32) | row;
            }
            Arrays.sort(keys);
            int[] order = new int[keys.length];
            int[] ranks = new int[keys.length];
            int firstWithFeedback = keys.length;
            for (int rank = 0; rank < keys.length; rank++) {
                order[rank] = (int) keys[rank];
                ranks[order[rank]] = rank;
                if (firstWithFeedback == keys.length && keys[rank] >>> 32 > 0) {
                    firstWithFeedback = rank;
                }
            }
            return new Ordering(order, ranks, firstWithFeedback);
        }

        int size() {
            return order.length;
        }

        int row(int rank) {
            return order[rank];
        }

        int rank(int row) {
            return ranks[row];
        }

        float[] inOriginalOrder(float[] ranked, int dim) {
            float[] vectors = new float[ranked.length];
            for (int rank = 0; rank < size(); rank++) {
                System.arraycopy(ranked, rank * dim, vectors, row(rank) * dim, dim);
            }
            return vectors;
        }
    }

    /**
     * Rows {@code from..to} (ranks) solved together: for each, its neighbours' ranks on the other side, padded
     * to one width, with confidence minus one ({@code scale * weight}) and confidence times preference
     * ({@code 1 + scale * weight}), both zero on padding, shaped for batched products; and each row's L2 weight.
     */
    private record Block(int from, int to, NDArray neighbours, NDArray confidence, NDArray target,
                         double targetSum, NDArray penalty) {
    }

    /** Parts of the objective that one half-epoch can measure on the rows it has just solved. */
    private record Terms(double observed, double penalty) {
    }
}
