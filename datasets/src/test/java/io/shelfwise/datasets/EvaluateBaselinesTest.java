package io.shelfwise.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.recommendation.evaluation.EvaluationReport;
import io.shelfwise.recommendation.ranking.Surface;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateBaselinesTest {

    private static List<EvaluationReport> run(String output[], String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<EvaluationReport> reports = EvaluateBaselines.run(EvaluateBaselines.Options.parse(args),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output[0] = bytes.toString(StandardCharsets.UTF_8);
        return reports;
    }

    @Test
    void on_a_generated_store_cooccurrence_beats_popularity_on_cart_recall_at_20() {
        String[] output = new String[1];
        List<EvaluationReport> reports = run(output, "--events", "60000", "--seed", "7");

        EvaluationReport popularity = report(reports, "popularity", Surface.CART);
        EvaluationReport cooccurrence = report(reports, "cooccurrence", Surface.CART);
        assertTrue(popularity.queries() >= 100, popularity.queries() + " cart queries");
        assertTrue(cooccurrence.recall() > popularity.recall() + 0.1,
                "cart Recall@20: cooccurrence " + cooccurrence.recall() + ", popularity " + popularity.recall());
    }

    @Test
    void prints_one_markdown_row_per_model_and_surface_and_the_step_timings() {
        String[] output = new String[1];
        List<EvaluationReport> reports = run(output, "--events", "5000", "--k", "10", "--test-days", "5");

        assertEquals(6, reports.size());
        assertTrue(output[0].contains("| model | surface | queries | Recall@10 | NDCG@10 | MRR@10 | coverage | novelty | time |"),
                output[0]);
        for (String row : List.of("| popularity | home |", "| popularity | cart |", "| popularity | similar |",
                "| cooccurrence | home |", "| cooccurrence | cart |", "| cooccurrence | similar |",
                "| generate |", "| train cooccurrence |")) {
            assertTrue(output[0].contains(row), row + " missing from\n" + output[0]);
        }
        assertTrue(reports.stream().allMatch(r -> r.k() == 10));
        // The bestsellers are the least novel lists a model can give.
        for (EvaluationReport popular : reports.stream().filter(r -> r.model().equals("popularity")).toList()) {
            EvaluationReport cooccurrence = reports.stream().filter(r -> r.model().equals("cooccurrence")
                    && r.surface() == popular.surface()).findFirst().orElseThrow();
            assertTrue(cooccurrence.novelty() > popular.novelty(), popular.surface() + ": " + cooccurrence.novelty()
                    + " vs " + popular.novelty());
        }
    }

    @Test
    void evaluates_a_movielens_file_from_disk(@TempDir Path dir) throws IOException {
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        long day = 86_400;
        for (int user = 0; user < 30; user++) {
            for (int d = 0; d < 20; d++) {
                ratings.append(user).append(',').append((user + d) % 15).append(',').append(d % 2 == 0 ? "4.5" : "2")
                        .append(',').append(1_000_000_000L + d * day + user * 60).append('\n');
            }
        }
        Path file = Files.writeString(dir.resolve("ratings.csv"), ratings);
        String[] output = new String[1];

        List<EvaluationReport> reports = run(output, "--movielens", file.toString(), "--test-days", "3");

        assertTrue(output[0].contains("movielens:ratings.csv"), output[0]);
        assertTrue(report(reports, "popularity", Surface.HOME).queries() > 0);
    }

    @Test
    void unknown_flags_and_bad_numbers_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> EvaluateBaselines.Options.parse("--colour", "red"));
        assertThrows(IllegalArgumentException.class, () -> EvaluateBaselines.Options.parse("--events", "lots"));
        assertThrows(IllegalArgumentException.class, () -> EvaluateBaselines.Options.parse("--k", "0"));
        assertThrows(IllegalArgumentException.class, () -> EvaluateBaselines.Options.parse("--events"));
        assertEquals(1_000_000, EvaluateBaselines.Options.parse("--events", "1_000_000").events());
    }

    private static EvaluationReport report(List<EvaluationReport> reports, String model, Surface surface) {
        return reports.stream().filter(r -> r.model().equals(model) && r.surface() == surface).findFirst()
                .orElseThrow();
    }
}
