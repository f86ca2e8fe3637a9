package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shelfwise.app.cli.SloRulesCommand;
import io.shelfwise.fleet.Slo;
import io.shelfwise.tenancy.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the Grafana dashboard in {@code deploy/monitoring} against what the platform really
 * exports: every series and label their queries name is in a real scrape of the management port, every SLO bound
 * they read is a histogram bucket there, and the rule file is what {@code ./shelfwise slo-rules} generates now.
 */
class MonitoringAssetsTest {
    private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
    private static final Pattern SELECTOR = Pattern.compile("(shelfwise_[a-z_]+)(\\{([^}]*)})?");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(=~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern BY = Pattern.compile("by \\(([a-z_, ]+)\\)");

    private static TestPlatform platform;
    /** Series name → label name → values seen. */
    private static final Map<String, Map<String, Set<String>>> SCRAPED = new HashMap<>();

    @BeforeAll
    static void scrapeAPlatformWithTrafficInEveryTier() {
        platform = TestPlatform.start();
        for (Tier tier : Tier.values()) {
            String key = platform.tenantWithKey("mon-" + tier.wireName(), tier.wireName());
            platform.send("GET", "/v1/items/sku-1", key, null);
            platform.send("GET", "/v1/recommendations/popular?limit=3", key, null);
        }
        Pattern line = Pattern.compile("^(shelfwise_[a-z_]+)\\{([^}]*)} ");
        for (String l : platform.management("/observe/metrics").body().lines().toList()) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                Map<String, Set<String>> labels = SCRAPED.computeIfAbsent(m.group(1), n -> new HashMap<>());
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    labels.computeIfAbsent(label.group(1), n -> new HashSet<>()).add(label.group(3));
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void the_committed_rules_are_what_the_slos_generate() throws IOException {
        assertEquals(SloRulesCommand.rules(), Files.readString(MONITORING.resolve("shelfwise-slo-alerts.yaml")),
                "run ./shelfwise slo-rules --out deploy/monitoring/shelfwise-slo-alerts.yaml");
    }

    @Test
    void every_tier_has_fast_and_slow_burn_alerts_for_availability_and_latency_at_its_own_bounds() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                MONITORING.resolve("shelfwise-slo-alerts.yaml").toFile());
        assertEquals(Tier.values().length, rules.get("groups").size());
        for (Tier tier : Tier.values()) {
            Slo slo = Slo.of(tier);
            JsonNode group = null;
            for (JsonNode g : rules.get("groups")) {
                if (g.get("name").asText().equals("shelfwise-slo-" + tier.wireName())) {
                    group = g;
                }
            }
            assertTrue(group != null, "a group for " + tier);
            List<String> alerts = new ArrayList<>();
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                assertEquals(tier.wireName(), rule.get("labels").get("tier").asText());
                String expr = rule.get("expr").asText();
                assertTrue(expr.contains("tier=\"" + tier.wireName() + "\""), expr);
                if (rule.get("alert").asText().startsWith("ShelfwiseAvailability")) {
                    assertTrue(expr.contains("* " + java.math.BigDecimal.valueOf(slo.errorBudget()).stripTrailingZeros().toPlainString()), expr);
                } else {
                    assertTrue(expr.contains("le=\"" + slo.p99Millis() / 1000 + "\""), expr);
                }
            }
            assertEquals(List.of("ShelfwiseAvailabilityBurnFast", "ShelfwiseLatencyBurnFast",
                    "ShelfwiseAvailabilityBurnSlow", "ShelfwiseLatencyBurnSlow"), alerts);
        }
    }

    @Test
    void the_rules_and_the_dashboard_query_only_series_labels_and_buckets_the_platform_exports() throws IOException {
        List<String> queries = new ArrayList<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                MONITORING.resolve("shelfwise-slo-alerts.yaml").toFile());
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> queries.add(r.get("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-fleet-dashboard.json").toFile());
        assertEquals("shelfwise-fleet", dashboard.get("uid").asText());
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        assertTrue(queries.size() >= 18, "queries found: " + queries.size());

        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            int series = 0;
            while (selector.find()) {
                series++;
                Map<String, Set<String>> labels = SCRAPED.get(selector.group(1));
                assertTrue(labels != null, selector.group(1) + " is not exported; scraped: " + SCRAPED.keySet());
                if (selector.group(3) != null) {
                    Matcher label = LABEL.matcher(selector.group(3));
                    while (label.find()) {
                        Set<String> values = labels.get(label.group(1));
                        assertTrue(values != null, "label " + label.group(1) + " not on " + selector.group(1));
                        if (label.group(2).equals("=")) {
                            assertTrue(values.contains(label.group(3)), label.group(1) + "=\"" + label.group(3)
                                    + "\" never exported on " + selector.group(1) + "; seen " + values);
                        }
                    }
                }
            }
            assertTrue(series > 0, "no shelfwise series in " + query);
            Matcher by = BY.matcher(query);
            while (by.find()) {
                for (String label : by.group(1).split(",\\s*")) {
                    assertTrue(SCRAPED.get("shelfwise_requests_seconds_count").containsKey(label),
                            "grouped by " + label + ", which is not a label: " + query);
                }
            }
        }
    }
}
