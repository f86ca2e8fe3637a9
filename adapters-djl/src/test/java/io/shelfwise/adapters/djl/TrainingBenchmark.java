package io.shelfwise.adapters.djl;

import io.shelfwise.catalog.ItemId;
import io.shelfwise.recommendation.ranking.LearnedFactors;
import io.shelfwise.recommendation.training.Interactions;
import io.shelfwise.recommendation.training.TrainingOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times {@link DjlModelTrainer} on a synthetic store (not a test: run by hand, see README): shoppers with one to
 * three favourite categories, power-law popularity of shoppers and items, views, carts and purchases. Also
 * reports hit rate at 20 of one held-out pair per sampled shopper against popularity, as a sanity check that the
 * factors learned something at this size.
 *
 * <p>Arguments (all optional): interactions users items factors epochs regularization.
 */
public final class TrainingBenchmark {

    private static final int CATEGORIES = 50;
    private static final int EVALUATED_USERS = 2_000;
    private static final int K = 20;

    public static void main(String[] args) {
        int interactions = argument(args, 0, 1_000_000);
        int users = argument(args, 1, 50_000);
        int items = argument(args, 2, 20_000);
        int factors = argument(args, 3, 64);
        int epochs = argument(args, 4, 10);
        float regularization = args.length > 5 ? Float.parseFloat(args[5]) : 0.1f;
        DjlModelTrainer trainer = new DjlModelTrainer();

        long engineStart = System.nanoTime();
        trainer.train(new Interactions(List.of("warm-up"), itemIds(2), new int[] {0}, new int[] {0},
                new float[] {1}), new TrainingOptions(2, 1, 0.1f, 0.1f, 1), (epoch, total, loss, elapsed) -> { });
        System.out.printf("engine start (natives loaded, extracted on first run only): %.1f s%n",
                seconds(System.nanoTime() - engineStart));

        Store store = Store.generate(interactions, users, items, 42);
        System.out.printf("data: %,d interactions, %,d users, %,d items, %,d held out; factors %d, epochs %d, "
                        + "regularization %s, confidence scale %s, CG steps %d, cores %d%n",
                store.training().size(), users, items, EVALUATED_USERS, factors, epochs, regularization,
                DjlModelTrainer.DEFAULT_CONFIDENCE_SCALE, DjlModelTrainer.DEFAULT_CONJUGATE_GRADIENT_STEPS,
                Runtime.getRuntime().availableProcessors());

        long started = System.nanoTime();
        LearnedFactors learned = trainer.train(store.training(),
                new TrainingOptions(factors, epochs, 0.05f, regularization, 7),
                (epoch, total, loss, elapsed) -> System.out.printf("epoch %2d/%d  loss %.5f  elapsed %.1f s%n",
                        epoch, total, loss, elapsed.toMillis() / 1000.0));
        System.out.printf("training time: %.1f s%n", seconds(System.nanoTime() - started));
        System.out.printf("hit rate@%d of held-out pairs: iALS %.3f, popularity %.3f%n",
                K, store.hitRate(learned), store.popularityHitRate());
    }

    private static int argument(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static List<ItemId> itemIds(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ItemId("sku-" + i)).toList();
    }

    private record Store(Interactions training, int[] heldOutUser, int[] heldOutItem, int[][] seen) {

        static Store generate(int interactions, int users, int items, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] userActivity = powerLaw(users, 0.6);
            double[] itemPopularity = powerLaw(items, 0.8);
            int[][] favourites = new int[users][];
            for (int u = 0; u < users; u++) {
                favourites[u] = random.ints(1 + random.nextInt(3), 0, CATEGORIES).toArray();
            }
            // Items of category c are those with index % CATEGORIES == c; popularity decays with the index.
            int perCategory = items / CATEGORIES;
            double[] withinCategory = powerLaw(perCategory, 0.8);
            int[] user = new int[interactions];
            int[] item = new int[interactions];
            float[] weight = new float[interactions];
            for (int i = 0; i < interactions; i++) {
                int u = draw(userActivity, random);
                int it;
                if (random.nextDouble() < 0.8) {
                    int category = favourites[u][random.nextInt(favourites[u].length)];
                    it = draw(withinCategory, random) * CATEGORIES + category;
                } else {
                    it = draw(itemPopularity, random);
                }
                double kind = random.nextDouble();
                user[i] = u;
                item[i] = it;
                weight[i] = kind < 0.05 ? 5f : kind < 0.2 ? 3f : 1f;
            }
            // Hold out, for random shoppers with at least two items, one item they touched exactly once.
            int[][] touched = byUser(users, user, item);
            int[] heldOutUser = new int[EVALUATED_USERS];
            int[] heldOutItem = new int[EVALUATED_USERS];
            int evaluated = 0;
            int[] shuffled = IntStream.range(0, users).toArray();
            for (int i = users - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            for (int s = 0; s < users && evaluated < EVALUATED_USERS; s++) {
                int u = shuffled[s];
                int[] mine = touched[u];
                int once = onceTouched(mine);
                if (once >= 0 && Arrays.stream(mine).distinct().count() >= 2) {
                    heldOutUser[evaluated] = u;
                    heldOutItem[evaluated] = once;
                    evaluated++;
                }
            }
            boolean[] heldOutBy = new boolean[users];
            int[] heldOutOf = new int[users];
            for (int e = 0; e < evaluated; e++) {
                heldOutBy[heldOutUser[e]] = true;
                heldOutOf[heldOutUser[e]] = heldOutItem[e];
            }
            int kept = interactions - evaluated;
            int[] keptUser = new int[kept];
            int[] keptItem = new int[kept];
            float[] keptWeight = new float[kept];
            for (int i = 0, k = 0; i < interactions; i++) {
                if (!(heldOutBy[user[i]] && heldOutOf[user[i]] == item[i])) {
                    keptUser[k] = user[i];
                    keptItem[k] = item[i];
                    keptWeight[k] = weight[i];
                    k++;
                }
            }
            List<String> userIds = IntStream.range(0, users).mapToObj(u -> "shopper-" + u).toList();
            Interactions training = new Interactions(userIds, itemIds(items), keptUser, keptItem, keptWeight);
            return new Store(training, Arrays.copyOf(heldOutUser, evaluated), Arrays.copyOf(heldOutItem, evaluated),
                    byUser(users, keptUser, keptItem));
        }

        double hitRate(LearnedFactors factors) {
            int dim = factors.dim();
            int items = factors.items().size();
            int hits = 0;
            double[] scores = new double[items];
            for (int e = 0; e < heldOutUser.length; e++) {
                int u = heldOutUser[e];
                for (int i = 0; i < items; i++) {
                    double s = 0;
                    for (int d = 0; d < dim; d++) {
                        s += factors.userVectors()[u * dim + d] * factors.itemVectors()[i * dim + d];
                    }
                    scores[i] = s;
                }
                hits += hit(scores, u, heldOutItem[e]) ? 1 : 0;
            }
            return (double) hits / heldOutUser.length;
        }

        double popularityHitRate() {
            double[] popularity = new double[training.items().size()];
            for (int i = 0; i < training.size(); i++) {
                popularity[training.item()[i]] += training.weight()[i];
            }
            int hits = 0;
            for (int e = 0; e < heldOutUser.length; e++) {
                hits += hit(popularity, heldOutUser[e], heldOutItem[e]) ? 1 : 0;
            }
            return (double) hits / heldOutUser.length;
        }

        /** Whether the held-out item ranks in the top K of the items this user did not touch in training. */
        private boolean hit(double[] scores, int user, int heldOut) {
            boolean[] excluded = new boolean[scores.length];
            for (int item : seen[user]) {
                excluded[item] = true;
            }
            int better = 0;
            for (int i = 0; i < scores.length; i++) {
                if (!excluded[i] && i != heldOut && scores[i] > scores[heldOut]) {
                    better++;
                }
            }
            return better < K;
        }

        private static int[][] byUser(int users, int[] user, int[] item) {
            int[] count = new int[users];
            for (int u : user) {
                count[u]++;
            }
            int[][] items = new int[users][];
            for (int u = 0; u < users; u++) {
                items[u] = new int[count[u]];
            }
            int[] next = new int[users];
            for (int i = 0; i < user.length; i++) {
                items[user[i]][next[user[i]]++] = item[i];
            }
            return items;
        }

        /** The last item in {@code items} that occurs there once, or -1. */
        private static int onceTouched(int[] items) {
            for (int i = items.length - 1; i >= 0; i--) {
                int candidate = items[i];
                if (Arrays.stream(items).filter(it -> it == candidate).count() == 1) {
                    return candidate;
                }
            }
            return -1;
        }

        /** Cumulative weights {@code 1 / (rank + 10)^exponent}: a few heavy rows and a long tail. */
        private static double[] powerLaw(int size, double exponent) {
            double[] cumulative = new double[size];
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += 1 / Math.pow(i + 10, exponent);
                cumulative[i] = total;
            }
            return cumulative;
        }

        private static int draw(double[] cumulative, SplittableRandom random) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
            return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
        }
    }
}
