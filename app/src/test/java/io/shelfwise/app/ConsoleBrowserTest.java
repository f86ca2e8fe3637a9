package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shelfwise.datasets.SyntheticStore;
import io.shelfwise.events.ShopperEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code ./shelfwise test} installs), driven by Selenium against the real platform: a seeded fleet of 50 tenants
 * across the three tiers plus one with two trained models. Screenshots go to {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String MODELS_TENANT = "browser-models";
    private static final int FLEET = 50;

    private static TestPlatform platform;
    private static String modelsKey;
    private static String shopper;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void seedAFleetAndOpenABrowser() throws IOException {
        platform = TestPlatform.start();
        List<String> tiers = List.of("standard", "premium", "enterprise");
        for (int i = 1; i <= FLEET; i++) {
            String body = "{\"id\":\"fleet-%03d\",\"displayName\":\"Store %d\",\"tier\":\"%s\"}"
                    .formatted(i, i, tiers.get(i % 3));
            assertEquals(201, platform.send("POST", "/admin/v1/tenants", TestPlatform.OPERATOR, body).status());
        }
        modelsKey = platform.tenantWithKey(MODELS_TENANT, "enterprise");
        twoTrainedModelsTheSecondActive();

        Files.createDirectories(SCREENSHOTS);
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1500,1100",
                "--user-data-dir=" + Files.createTempDirectory("shelfwise-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
        // The page re-renders after every action and refresh: an element found before may be gone by the next look.
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        platform.close();
    }

    @Test
    @Order(1)
    void the_console_asks_for_the_operator_token_and_refuses_a_wrong_one() {
        browser.get(platform.baseUrl() + "/console");
        WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-view")));
        assertTrue(login.isDisplayed());
        assertFalse(browser.findElement(By.id("fleet-view")).isDisplayed(), "nothing of the fleet before login");
        browser.findElement(By.id("token")).sendKeys("wrong-token");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not valid"));
        screenshot("01-login-refused");

        browser.findElement(By.id("token")).clear();
        browser.findElement(By.id("token")).sendKeys(TestPlatform.OPERATOR);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fleet-view")));
        wait.until(d -> rows().size() == FLEET + 1);
        List<String> ids = ids();
        assertTrue(ids.contains("fleet-001") && ids.contains("fleet-050") && ids.contains(MODELS_TENANT), ids.toString());
        assertEquals(Set.of("standard", "premium", "enterprise"), Set.copyOf(column(1)));
        screenshot("02-fleet-overview");
    }

    @Test
    @Order(2)
    void a_filter_and_a_sort_change_the_rows_shown() {
        WebElement filter = browser.findElement(By.id("filter"));
        filter.sendKeys("fleet-04");
        wait.until(d -> rows().size() == 10);
        assertTrue(ids().stream().allMatch(id -> id.startsWith("fleet-04")), ids().toString());
        new Select(browser.findElement(By.id("tier-filter"))).selectByValue("premium");
        wait.until(d -> rows().size() == 4);
        assertEquals(List.of("fleet-040", "fleet-043", "fleet-046", "fleet-049"), ids(), "i % 3 == 1 is premium");
        screenshot("03-filtered");

        filter.clear();
        new Select(browser.findElement(By.id("tier-filter"))).selectByValue("");
        browser.findElement(By.id("filter")).sendKeys(" ");
        wait.until(d -> rows().size() == FLEET + 1);
        WebElement tenantHeader = browser.findElement(By.cssSelector("#fleet th[data-sort=id]"));
        tenantHeader.click();
        wait.until(d -> ids().getFirst().equals("fleet-050"));
        assertEquals("fleet-049", ids().get(1), "descending by id");
        browser.findElement(By.cssSelector("#fleet th[data-sort=tier]")).click();
        wait.until(d -> column(1).getFirst().equals("standard"));
        assertEquals("enterprise", column(1).getLast(), "ascending by tier: standard first, enterprise last");
        screenshot("04-sorted-by-tier");
    }

    @Test
    @Order(3)
    void a_tenants_page_draws_its_traffic_with_data() {
        browser.get(platform.baseUrl() + "/console#/tenants/" + MODELS_TENANT);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-traffic canvas")));
        Number points = (Number) ((JavascriptExecutor) browser).executeScript(
                "const c = echarts.getInstanceByDom(document.getElementById('chart-traffic'));"
                        + "return c.getOption().series[0].data.filter(p => p[1] > 0).length;");
        assertTrue(points.intValue() > 0, "minutes with requests drawn: " + points);
        Number events = (Number) ((JavascriptExecutor) browser).executeScript(
                "const c = echarts.getInstanceByDom(document.getElementById('chart-events'));"
                        + "return c.getOption().series[0].data.reduce((s, p) => s + p[1], 0);");
        assertTrue(events.intValue() > 10_000, "the imported events per minute add up: " + events);
        screenshot("05-tenant-page");
    }

    @Test
    @Order(4)
    void an_action_without_the_csrf_token_is_refused_in_the_browser_too() {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/console/api/tenants/" + MODELS_TENANT + "/models/rollback', {method: 'POST',"
                        + " credentials: 'same-origin'}).then(r => done(r.status));");
        assertEquals(403L, ((Number) status).longValue());
        assertEquals(2, send("GET", "/v1/models", modelsKey, 200).get("active").asInt(), "nothing changed");
    }

    @Test
    @Order(5)
    void the_rollback_button_changes_the_model_the_tenant_is_served() {
        assertTrue(home().get("model").asText().matches("(ials|ease)-v2\\+cooccurrence"), home().toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("rollback"))).click();
        wait.until(d -> "active".equals(((JavascriptExecutor) d).executeScript(
                "const r = document.querySelector(\"#models tr[data-version='1']\"); return r && r.dataset.status;")));
        assertEquals(1, send("GET", "/v1/models", modelsKey, 200).get("active").asInt());
        assertTrue(home().get("model").asText().matches("(ials|ease)-v1\\+cooccurrence"), "served at once");
        screenshot("06-rolled-back");
    }

    @Test
    @Order(6)
    void a_read_only_operator_sees_the_page_but_its_buttons_are_disabled() {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-view")));
        browser.findElement(By.id("token")).sendKeys(TestPlatform.VIEWER);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-traffic canvas")));
        // The models table may be drawn again meanwhile: the button is looked up afresh until it is found disabled
        // (a timeout fails the test).
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> !d.findElement(By.id("rollback")).isEnabled());
        assertTrue(browser.findElement(By.id("who")).getText().contains("viewer"));
    }

    @Test
    @Order(7)
    void a_rollout_shows_on_the_fleet_page_with_its_waves() {
        TestPlatform.Reply started = platform.send("POST", "/admin/v1/rollouts", TestPlatform.OPERATOR,
                "{\"recipe\":{\"factors\":4,\"epochs\":1,\"learningRate\":0.05,\"regularization\":0.1},"
                        + "\"canaries\":[\"fleet-001\"]}");
        assertEquals(202, started.status(), started.body());
        String id = started.json().get("id").asText();
        browser.get(platform.baseUrl() + "/console#/");
        wait.until(d -> "halted".equals(((JavascriptExecutor) d).executeScript(
                "const r = document.querySelector('#rollout-table tr[data-rollout=\"" + id + "\"]');"
                        + "return r && r.dataset.state;")));
        String row = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector('#rollout-table tr[data-rollout=\"" + id + "\"]').textContent;");
        assertTrue(row.contains("canary 1/1") && row.contains("standard 0/"), "the canary failed (no events), "
                + "no later wave started: " + row);
        screenshot("07-rollout-halted");
    }

    private static List<String> rows() {
        return ids();
    }

    /** Read in one script, so a refresh of the table between two reads cannot leave a stale element. */
    @SuppressWarnings("unchecked")
    private static List<String> ids() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                + "'#fleet tbody tr[data-tenant]')].map(r => r.dataset.tenant);");
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(int index) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                + "'#fleet tbody tr[data-tenant]')].map(r => r.cells[arguments[0]].textContent);", index);
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated store the models test uses; v1 and v2 trained, both promoted by hand, so v2 serves. */
    private static void twoTrainedModelsTheSecondActive() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(31));
        SyntheticStore store = SyntheticStore.generate(new SyntheticStore.Spec(30_000, 600, 1_500, 7, 30, start, 0.1));
        List<Map<String, Object>> catalog = store.catalog().stream().map(ModelsTest::item).toList();
        for (int from = 0; from < catalog.size(); from += 1000) {
            sendBody("PUT", "/v1/items", Map.of("items", catalog.subList(from, Math.min(catalog.size(), from + 1000))));
        }
        List<ShopperEvent> events = store.events().toList();
        for (int from = 0; from < events.size(); from += 500) {
            sendBody("POST", "/v1/events", Map.of("events", events.subList(from, Math.min(events.size(), from + 500))
                    .stream().map(ModelsTest::event).toList()));
        }
        shopper = events.stream().map(ShopperEvent::userId).filter(u -> u != null).findFirst().orElseThrow();
        for (int run = 0; run < 2; run++) {
            TestPlatform.Reply started = platform.send("POST", "/v1/models/trainings", modelsKey, null);
            assertEquals(202, started.status(), started.body());
            awaitEnd(started.json().get("id").asText());
        }
        send("POST", "/v1/models/1/promote", modelsKey, 200);
        send("POST", "/v1/models/2/promote", modelsKey, 200);
    }

    private static void awaitEnd(String runId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String state = send("GET", "/v1/models/trainings/" + runId, modelsKey, 200).get("state").asText();
            if (Set.of("promoted", "rejected", "failed").contains(state)) {
                assertFalse(state.equals("failed"), "training run " + runId + " failed");
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("training run " + runId + " did not end in 3 minutes");
    }

    private static JsonNode home() {
        return send("GET", "/v1/recommendations/home?userId=" + shopper + "&limit=10", modelsKey, 200);
    }

    private static JsonNode send(String method, String path, String key, int expected) {
        TestPlatform.Reply reply = platform.send(method, path, key, null);
        assertEquals(expected, reply.status(), method + " " + path + ": " + reply.body());
        return reply.json();
    }

    private static void sendBody(String method, String path, Object body) {
        try {
            TestPlatform.Reply reply = platform.send(method, path, modelsKey, JSON.writeValueAsString(body));
            assertEquals(200, reply.status(), method + " " + path + ": " + reply.body());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
