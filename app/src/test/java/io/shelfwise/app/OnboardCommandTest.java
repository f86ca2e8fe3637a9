package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.app.cli.OnboardCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./shelfwise onboard} against the running platform: every step shown, and a key that works at the end. */
class OnboardCommandTest {
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void onboards_a_store_from_a_directory_and_prints_each_step_and_the_key(@TempDir Path dir) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        OnboardingTest.writeStore(store, 0);
        Path token = Files.writeString(dir.resolve("token"), TestPlatform.OPERATOR + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new OnboardCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--url", platform.baseUrl(), "--token-file", token.toString(), "--id", "cli-shop",
                        "--tier", "premium", "--data", store.toString(), "--poll-ms", "50");
        String printed = out.toString();
        assertEquals(0, code, printed + err);
        for (String step : new String[] {"register", "import-catalog", "import-events", "train", "smoke-test"}) {
            assertTrue(Pattern.compile("(?m)^  " + step + " +done").matcher(printed).find(), step + ":\n" + printed);
        }
        assertTrue(printed.contains("onboarding succeeded"), printed);
        Matcher key = Pattern.compile("API key \\(shown once\\): (\\S+)").matcher(printed);
        assertTrue(key.find(), printed);
        assertEquals(200, platform.send("GET", "/v1/items", key.group(1), null).status());
        assertTrue(printed.contains("ShelfwiseClient.builder()"), printed);
    }

    @Test
    void offboard_exports_and_removes_the_store_printing_each_step(@TempDir Path dir) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        OnboardingTest.writeStore(store, 0);
        Path token = Files.writeString(dir.resolve("token"), TestPlatform.OPERATOR);
        assertEquals(0, new CommandLine(new OnboardCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--url", platform.baseUrl(), "--token-file", token.toString(), "--id", "bye-shop",
                        "--data", store.toString(), "--poll-ms", "50"));
        StringWriter out = new StringWriter();
        int code = new CommandLine(new io.shelfwise.app.cli.OffboardCommand()).setOut(new PrintWriter(out))
                .execute("--url", platform.baseUrl(), "--token-file", token.toString(), "--id", "bye-shop",
                        "--export", dir.resolve("export").toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("erase-records"), out.toString());
        assertEquals(600, Files.readAllLines(dir.resolve("export").resolve("events.jsonl")).size());
        assertEquals(404, platform.send("GET", "/admin/v1/tenants/bye-shop", TestPlatform.OPERATOR, null).status());
    }

    @Test
    void uploads_a_catalog_and_a_history_from_files_and_onboards_from_them(@TempDir Path dir) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        OnboardingTest.writeStore(store, 0);
        Path items = Files.move(store.resolve("catalog.jsonl"), dir.resolve("my-items.jsonl"));
        Path history = Files.move(store.resolve("events.jsonl"), dir.resolve("history.jsonl"));
        Path token = Files.writeString(dir.resolve("token"), TestPlatform.OPERATOR);
        StringWriter out = new StringWriter();
        int code = new CommandLine(new OnboardCommand()).setOut(new PrintWriter(out)).execute("--url",
                platform.baseUrl(), "--token-file", token.toString(), "--id", "files-shop", "--catalog",
                items.toString(), "--events", history.toString(), "--poll-ms", "50");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("uploaded catalog.jsonl"), out.toString());
        assertTrue(out.toString().contains("events: 600 rows imported"), out.toString());
    }

    @Test
    void a_refused_onboarding_says_why_and_exits_non_zero(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), TestPlatform.OPERATOR);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new OnboardCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute("--url", platform.baseUrl(), "--token-file", token.toString(),
                        "--id", "Not A Slug");
        assertEquals(1, code);
        assertTrue(err.toString().contains("onboarding refused (422)"), err.toString());
    }
}
