package io.shelfwise.campaign;

import io.shelfwise.campaign.port.out.TemplateEngine;
import io.shelfwise.common.Checks;
import io.shelfwise.common.ValidationException;
import io.shelfwise.recommendation.RecommendationFilters;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a campaign from its JSON tree, checking every field and compiling its templates, so that a bad definition
 * is refused with the path of each fault ({@code template.body}, {@code coupon.value}, ...).
 *
 * <pre>
 * {"name": "Spring for Nike fans", "segmentId": "seg-...", "channel": "webhook",
 *  "template": {"subject": "For you, {{shopper.firstName}}", "body": "{{#products}}{{title}} {{url}}\n{{/products}}"},
 *  "products": {"count": 3, "brands": ["Nike"], "excludeBoughtDays": 30},
 *  "coupon": {"kind": "percent", "value": 10, "validDays": 14},
 *  "holdoutPercent": 10,
 *  "sendAt": "2026-12-05T09:00:00Z"}
 * or, instead of sendAt, a journey:
 *  "trigger": {"on": "segment_entry", "delayMinutes": 60, "exitOnPurchase": true,
 *              "followUp": {"afterMinutes": 1440, "body": "..."}}
 * </pre>
 */
public final class CampaignDefinitions {
    public static final int MAX_PRODUCTS = 10;
    /** What templates may name. */
    public static final TemplateVocabulary VOCABULARY = new TemplateVocabulary(
            Set.of("shopper.userId", "shopper.firstName", "shopper.email", "shopper.phone", "coupon.code",
                    "coupon.text", "coupon.expiresAt", "campaign.name", "recommendationId"),
            Map.of("products", Set.of("itemId", "title", "brand", "price", "currency", "url", "imageUrl", "rank"),
                    "coupon", Set.of("code", "text", "expiresAt"),
                    "shopper", Set.of("userId", "firstName", "email", "phone")));
    private static final Set<String> FIELDS = Set.of("name", "segmentId", "channel", "template", "products",
            "coupon", "holdoutPercent", "sendAt", "trigger");

    private CampaignDefinitions() {
    }

    /** The parts of a campaign a definition gives; the service adds id, state and times. */
    public record Parsed(String name, String segmentId, ChannelKind channel, String subject, String body,
                         int productCount, RecommendationFilters filters, CouponSpec coupon, Integer holdoutPercent,
                         Instant sendAt, Journey journey) {
    }

    public static Parsed parse(Map<String, Object> json, TemplateEngine templates, Instant now) {
        Checks checks = Checks.start();
        if (json == null) {
            throw ValidationException.of("", "a campaign definition is required");
        }
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) {
                checks.add(key, "is not a campaign field; known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        String name = string(checks, json, "name", true, 200);
        String segmentId = string(checks, json, "segmentId", false, 64);
        ChannelKind channel = null;
        try {
            channel = ChannelKind.fromWire("channel", string(checks, json, "channel", true, 40));
        } catch (ValidationException e) {
            checks.nested("", e);
        }
        Map<String, Object> template = object(checks, json, "template", true);
        known(checks, template, "template", "subject", "body");
        String subject = template == null ? null : string(checks, template, "subject", "template.subject", false, 500);
        String body = template == null ? null : string(checks, template, "body", "template.body", true, 10_000);
        compile(checks, templates, "template.subject", subject);
        compile(checks, templates, "template.body", body);

        Map<String, Object> products = object(checks, json, "products", false);
        known(checks, products, "products", "count", "excludeBoughtDays", "brands", "excludeBrands", "categories",
                "excludeCategories", "maxPerBrand");
        int count = 3;
        RecommendationFilters filters = new RecommendationFilters(null, Set.of(), Set.of(), Set.of(), Set.of(), 0);
        if (products != null) {
            count = integer(checks, products, "count", "products.count", 3, 0, MAX_PRODUCTS);
            try {
                filters = new RecommendationFilters(
                        products.containsKey("excludeBoughtDays") ? integer(checks, products, "excludeBoughtDays",
                                "products.excludeBoughtDays", 30, 0, RecommendationFilters.MAX_EXCLUDE_DAYS) : null,
                        strings(checks, products, "brands"), strings(checks, products, "excludeBrands"),
                        strings(checks, products, "categories"), strings(checks, products, "excludeCategories"),
                        integer(checks, products, "maxPerBrand", "products.maxPerBrand", 0, 0, MAX_PRODUCTS));
            } catch (ValidationException e) {
                checks.nested("products", e);
            }
        }
        CouponSpec coupon = coupon(checks, object(checks, json, "coupon", false));
        Integer holdout = json.containsKey("holdoutPercent")
                ? integer(checks, json, "holdoutPercent", "holdoutPercent", 10, 0, 50) : null;
        Instant sendAt = null;
        if (json.get("sendAt") != null) {
            try {
                sendAt = Instant.parse(String.valueOf(json.get("sendAt")));
                if (sendAt.isBefore(now.minusSeconds(60))) {
                    checks.add("sendAt", "lies in the past; leave it out and send now instead");
                }
            } catch (DateTimeParseException e) {
                checks.add("sendAt", "must be an ISO-8601 instant such as 2026-12-05T09:00:00Z");
            }
        }
        Journey journey = journey(checks, templates, object(checks, json, "trigger", false));
        if (journey != null && sendAt != null) {
            checks.add("trigger", "a campaign is either sent (now or at sendAt) or triggered per shopper, not both");
        }
        if (segmentId == null && (journey == null || journey.trigger() == Journey.Trigger.SEGMENT_ENTRY)) {
            checks.add("segmentId", "is required (only a first_purchase trigger may go without a segment)");
        }
        checks.orThrow();
        return new Parsed(name, segmentId, channel, subject, body, count, filters, coupon, holdout, sendAt, journey);
    }

    /** Refuses keys of a nested object that are not among {@code known}. */
    private static void known(Checks checks, Map<String, Object> json, String field, String... known) {
        if (json == null) {
            return;
        }
        Set<String> allowed = Set.of(known);
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                checks.add(field + "." + key, "is not a field here; known: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static void compile(Checks checks, TemplateEngine templates, String field, String source) {
        if (source == null) {
            return;
        }
        try {
            templates.compile(field, source, VOCABULARY);
        } catch (ValidationException e) {
            checks.nested("", e);
        }
    }

    private static CouponSpec coupon(Checks checks, Map<String, Object> c) {
        if (c == null) {
            return null;
        }
        known(checks, c, "coupon", "kind", "value", "currency", "validDays");
        String kind = string(checks, c, "kind", "coupon.kind", true, 20);
        CouponSpec.Kind k = null;
        if ("percent".equals(kind)) {
            k = CouponSpec.Kind.PERCENT;
        } else if ("amount".equals(kind)) {
            k = CouponSpec.Kind.AMOUNT;
        } else if (kind != null) {
            checks.add("coupon.kind", "must be percent or amount");
        }
        BigDecimal value = null;
        if (!(c.get("value") instanceof Number n)) {
            checks.add("coupon.value", "is required: a number");
        } else {
            value = new BigDecimal(n.toString());
            if (value.signum() <= 0 || (k == CouponSpec.Kind.PERCENT && value.compareTo(BigDecimal.valueOf(100)) > 0)) {
                checks.add("coupon.value", k == CouponSpec.Kind.PERCENT ? "a percentage must be above 0 and at most 100"
                        : "must be above 0");
            }
        }
        String currency = string(checks, c, "currency", "coupon.currency", k == CouponSpec.Kind.AMOUNT, 3);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            checks.add("coupon.currency", "must be an ISO-4217 code of three capital letters");
        }
        int days = integer(checks, c, "validDays", "coupon.validDays", 14, 1, 365);
        return k == null || value == null ? null : new CouponSpec(k, value, currency, days);
    }

    private static Journey journey(Checks checks, TemplateEngine templates, Map<String, Object> t) {
        if (t == null) {
            return null;
        }
        known(checks, t, "trigger", "on", "delayMinutes", "exitOnPurchase", "followUp");
        String on = string(checks, t, "on", "trigger.on", true, 40);
        Journey.Trigger trigger = null;
        if (on != null) {
            for (Journey.Trigger candidate : Journey.Trigger.values()) {
                if (candidate.wireName().equals(on)) {
                    trigger = candidate;
                }
            }
            if (trigger == null) {
                checks.add("trigger.on", "must be segment_entry or first_purchase");
            }
        }
        int delay = integer(checks, t, "delayMinutes", "trigger.delayMinutes", 0, 0, 60 * 24 * 30);
        boolean exit = !(t.get("exitOnPurchase") instanceof Boolean b) || b;
        Map<String, Object> followUp = object(checks, t, "followUp", "trigger.followUp", false);
        Duration after = null;
        String followBody = null;
        known(checks, followUp, "trigger.followUp", "afterMinutes", "body");
        if (followUp != null) {
            after = Duration.ofMinutes(integer(checks, followUp, "afterMinutes", "trigger.followUp.afterMinutes", 1440,
                    1, 60 * 24 * 30));
            followBody = string(checks, followUp, "body", "trigger.followUp.body", true, 10_000);
            compile(checks, templates, "trigger.followUp.body", followBody);
        }
        return trigger == null ? null : new Journey(trigger, Duration.ofMinutes(delay), exit, after, followBody);
    }

    private static String string(Checks checks, Map<String, Object> json, String key, boolean required, int max) {
        return string(checks, json, key, key, required, max);
    }

    private static String string(Checks checks, Map<String, Object> json, String key, String field, boolean required,
                                 int max) {
        Object v = json.get(key);
        if (v == null) {
            if (required) {
                checks.add(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            checks.add(field, "must be a non-blank string");
            return null;
        }
        if (s.length() > max) {
            checks.add(field, "has " + s.length() + " characters; at most " + max);
            return null;
        }
        return s;
    }

    private static Map<String, Object> object(Checks checks, Map<String, Object> json, String key, boolean required) {
        return object(checks, json, key, key, required);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Checks checks, Map<String, Object> json, String key, String field,
                                              boolean required) {
        Object v = json.get(key);
        if (v == null) {
            if (required) {
                checks.add(field, "is required");
            }
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            checks.add(field, "must be an object");
            return null;
        }
        return (Map<String, Object>) v;
    }

    private static int integer(Checks checks, Map<String, Object> json, String key, String field, int fallback, int min,
                               int max) {
        Object v = json.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            checks.add(field, "must be a whole number");
            return fallback;
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            checks.add(field, "must be between " + min + " and " + max);
            return fallback;
        }
        return n.intValue();
    }

    private static Set<String> strings(Checks checks, Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (v == null) {
            return Set.of();
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
            checks.add("products." + key, "must be a list of strings");
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        list.forEach(x -> out.add((String) x));
        return new HashSet<>(out);
    }
}
