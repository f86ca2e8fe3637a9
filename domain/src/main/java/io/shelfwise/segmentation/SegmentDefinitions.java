package io.shelfwise.segmentation;

import io.shelfwise.common.Checks;
import io.shelfwise.common.ValidationException;
import io.shelfwise.events.EventType;
import io.shelfwise.segmentation.SegmentRule.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a segment definition from its JSON tree (maps, lists, strings, numbers), reporting every bad field with its
 * path, such as {@code definition.of[1].days}.
 *
 * <pre>
 * {"kind": "interest", "brand": "Nike", "events": ["view", "add_to_cart"], "minCount": 3, "days": 30}
 * {"kind": "interest", "category": "Shoes", "minAffinity": 0.4}
 * {"kind": "churn_risk", "minProbability": 0.6}
 * {"kind": "cart_abandoners", "hours": 24, "days": 7}
 * {"kind": "high_value", "percentile": 90, "days": 365}
 * {"kind": "new_shoppers", "days": 14}
 * {"kind": "all", "of": [...]}, {"kind": "any", "of": [...]}, {"kind": "not", "rule": {...}}
 * </pre>
 */
public final class SegmentDefinitions {
    public static final int MAX_DAYS = 730;
    public static final int MAX_DEPTH = 5;
    public static final int MAX_RULES = 20;
    static final List<String> KINDS = List.of("interest", "churn_risk", "cart_abandoners", "high_value",
            "new_shoppers", "all", "any", "not");

    private SegmentDefinitions() {
    }

    /** The rule {@code definition} stands for, or a {@link ValidationException} listing every fault under {@code field}. */
    public static SegmentRule parse(String field, Object definition) {
        Checks checks = Checks.start();
        int[] count = {0};
        SegmentRule rule = parse(field, definition, checks, 1, count);
        checks.orThrow();
        return rule;
    }

    private static SegmentRule parse(String field, Object node, Checks checks, int depth, int[] count) {
        if (!(node instanceof Map<?, ?> map)) {
            checks.add(field, node == null ? "is required" : "must be an object with a \"kind\"");
            return null;
        }
        if (depth > MAX_DEPTH) {
            checks.add(field, "nests deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        if (++count[0] > MAX_RULES) {
            checks.add(field, "the definition holds more than " + MAX_RULES + " rules");
            return null;
        }
        Object kind = map.get("kind");
        if (!(kind instanceof String k) || !KINDS.contains(k)) {
            checks.add(field + ".kind", kind == null ? "is required; one of " + String.join(", ", KINDS)
                    : "unknown kind '" + kind + "'; expected one of " + String.join(", ", KINDS));
            return null;
        }
        Fields f = new Fields(field, map, checks);
        return switch (k) {
            case "interest" -> interest(f);
            case "churn_risk" -> {
                f.allow("minProbability");
                double p = f.number("minProbability", 0.5, 0.0, 1.0);
                yield f.ok() ? new SegmentRule.ChurnRisk(p) : null;
            }
            case "cart_abandoners" -> {
                f.allow("hours", "days");
                int hours = f.integer("hours", 24, 1, 24 * 30);
                int days = f.integer("days", 7, 1, MAX_DAYS);
                if (hours > days * 24) {
                    checks.add(field + ".hours", "must not exceed the window of " + days + " days");
                }
                yield f.ok() ? new SegmentRule.CartAbandoners(hours, days) : null;
            }
            case "high_value" -> {
                f.allow("percentile", "days");
                double percentile = f.number("percentile", 90.0, 0.0, 99.99);
                int days = f.integer("days", 365, 1, MAX_DAYS);
                yield f.ok() ? new SegmentRule.HighValue(percentile, days) : null;
            }
            case "new_shoppers" -> {
                f.allow("days");
                int days = f.integer("days", 14, 1, MAX_DAYS);
                yield f.ok() ? new SegmentRule.NewShoppers(days) : null;
            }
            case "all", "any" -> {
                f.allow("of");
                Object of = map.get("of");
                if (!(of instanceof List<?> list) || list.isEmpty()) {
                    checks.add(field + ".of", "must be a non-empty list of rules");
                    yield null;
                }
                List<SegmentRule> rules = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    rules.add(parse(field + ".of[" + i + "]", list.get(i), checks, depth + 1, count));
                }
                if (!f.ok() || rules.contains(null)) {
                    yield null;
                }
                yield k.equals("all") ? new SegmentRule.All(rules) : new SegmentRule.Any(rules);
            }
            case "not" -> {
                f.allow("rule");
                SegmentRule inner = parse(field + ".rule", map.get("rule"), checks, depth + 1, count);
                yield inner != null && f.ok() ? new SegmentRule.Not(inner) : null;
            }
            default -> throw new IllegalStateException(k);
        };
    }

    private static SegmentRule interest(Fields f) {
        f.allow("brand", "category", "itemId", "events", "minCount", "days", "minAffinity");
        Target target = target(f.field, f.map, f.checks);
        Double minAffinity = f.map.containsKey("minAffinity") ? f.number("minAffinity", 0.0, -1e6, 1e6) : null;
        Set<EventType> events = EnumSet.of(EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);
        Object raw = f.map.get("events");
        if (raw != null) {
            if (!(raw instanceof List<?> list) || list.isEmpty()) {
                f.checks.add(f.field + ".events", "must be a non-empty list of event types");
            } else {
                Set<EventType> chosen = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Object v = list.get(i);
                    try {
                        EventType type = EventType.fromWire(f.field + ".events[" + i + "]",
                                v instanceof String s ? s : String.valueOf(v));
                        if (type == EventType.SEARCH) {
                            f.checks.add(f.field + ".events[" + i + "]", "search events name no item");
                        }
                        chosen.add(type);
                    } catch (ValidationException e) {
                        f.checks.nested("", e);
                    }
                }
                events = chosen.isEmpty() ? events : EnumSet.copyOf(chosen);
            }
        }
        int minCount = f.integer("minCount", 1, 1, 100_000);
        int days = f.integer("days", 30, 1, MAX_DAYS);
        if (minAffinity != null && (f.map.containsKey("minCount") || f.map.containsKey("events"))) {
            f.checks.add(f.field + ".minAffinity", "a rule counts events (minCount, events) or asks the model "
                    + "(minAffinity), not both");
        }
        return f.ok() && target != null ? new SegmentRule.Interest(target, events, minCount, days, minAffinity) : null;
    }

    private static Target target(String field, Map<?, ?> map, Checks checks) {
        List<Target> given = new ArrayList<>();
        for (var kind : Target.Kind.values()) {
            String key = kind == Target.Kind.ITEM ? "itemId" : kind.name().toLowerCase(java.util.Locale.ROOT);
            Object v = map.get(key);
            if (v != null) {
                if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
                    checks.add(field + "." + key, "must be a non-blank string of at most 200 characters");
                } else {
                    given.add(new Target(kind, s));
                }
            }
        }
        if (given.size() != 1) {
            checks.add(field, given.isEmpty() ? "an interest names one of brand, category or itemId"
                    : "an interest names only one of brand, category or itemId");
            return null;
        }
        return given.getFirst();
    }

    /** The fields of one rule object: unknown ones are refused, numbers are checked against their range. */
    private static final class Fields {
        final String field;
        final Map<?, ?> map;
        final Checks checks;
        private boolean ok = true;

        Fields(String field, Map<?, ?> map, Checks checks) {
            this.field = field;
            this.map = map;
            this.checks = checks;
        }

        void allow(String... names) {
            Set<String> known = new LinkedHashSet<>(List.of(names));
            known.add("kind");
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    fail(field + "." + key, "is not a field of this kind; known: " + String.join(", ", known));
                }
            }
        }

        int integer(String name, int fallback, int min, int max) {
            Object v = map.get(name);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                fail(field + "." + name, "must be a whole number");
                return fallback;
            }
            if (n.doubleValue() < min || n.doubleValue() > max) {
                fail(field + "." + name, "must be between " + min + " and " + max);
                return fallback;
            }
            return n.intValue();
        }

        double number(String name, double fallback, double min, double max) {
            Object v = map.get(name);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                fail(field + "." + name, "must be a number");
                return fallback;
            }
            if (n.doubleValue() < min || n.doubleValue() > max) {
                fail(field + "." + name, "must be between " + min + " and " + max);
                return fallback;
            }
            return n.doubleValue();
        }

        boolean ok() {
            return ok;
        }

        private void fail(String path, String message) {
            ok = false;
            checks.add(path, message);
        }
    }
}
