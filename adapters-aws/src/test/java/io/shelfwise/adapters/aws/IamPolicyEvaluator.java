package io.shelfwise.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides an IAM request against a policy document the way IAM does, for the parts our documents use: implicit
 * deny, explicit Deny over Allow, {@code *} and {@code ?} wildcards in actions (case-insensitive) and resources,
 * principals (trust policies), and {@code StringEquals} / {@code StringLike} conditions (every key must be present
 * in the request and match one of the values). Anything else in a document (NotAction, NotResource, policy
 * variables, other operators) is refused, so a renderer that starts emitting it fails the tests instead of being
 * half-evaluated. Parses the JSON on its own (Jackson), independently of the SDK that wrote it.
 */
public final class IamPolicyEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Principal", "Action", "Resource",
            "Condition");

    /** A request's principal, as a trust policy names it: its type ({@code AWS}, {@code Federated}) and id. */
    public record Principal(String type, String id) {
    }

    private record Statement(boolean allow, List<String> actions, List<String> resources,
                             Map<String, List<String>> principals, List<Condition> conditions) {
    }

    private record Condition(String operator, String key, List<String> values) {
    }

    private final List<Statement> statements;

    private IamPolicyEvaluator(List<Statement> statements) {
        this.statements = statements;
    }

    public static IamPolicyEvaluator parse(String json) {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        require("2012-10-17".equals(document.path("Version").asText()), "Version must be 2012-10-17: " + json);
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : list(document.get("Statement"))) {
            node.properties().forEach(e -> require(STATEMENT_KEYS.contains(e.getKey()), "unsupported: " + e.getKey()));
            String effect = node.path("Effect").asText();
            require(effect.equals("Allow") || effect.equals("Deny"), "Effect must be Allow or Deny: " + effect);
            statements.add(new Statement(effect.equals("Allow"), strings(node.get("Action")),
                    node.has("Resource") ? strings(node.get("Resource")) : null,
                    principals(node.get("Principal")), conditions(node.get("Condition"))));
        }
        return new IamPolicyEvaluator(statements);
    }

    /** An identity policy's decision: may the holder do {@code action} on {@code resource}? */
    public boolean allows(String action, String resource, Map<String, String> context) {
        return decide(null, action, resource, context);
    }

    public boolean allows(String action, String resource) {
        return allows(action, resource, Map.of());
    }

    /** A trust policy's decision: may {@code principal} do {@code action} (e.g. assume the role)? */
    public boolean allowsPrincipal(Principal principal, String action, Map<String, String> context) {
        return decide(principal, action, null, context);
    }

    private boolean decide(Principal principal, String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (applies(statement, principal, action, resource, context)) {
                if (!statement.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean applies(Statement statement, Principal principal, String action, String resource,
                                   Map<String, String> context) {
        if (statement.actions().stream().noneMatch(a -> wildcard(a, true).matcher(action).matches())) {
            return false;
        }
        if ((statement.resources() == null) != (resource == null)) {
            return false;
        }
        if (resource != null && statement.resources().stream()
                .noneMatch(r -> wildcard(r, false).matcher(resource).matches())) {
            return false;
        }
        if ((statement.principals() == null) != (principal == null)) {
            return false;
        }
        if (principal != null && !statement.principals().getOrDefault(principal.type(), List.of())
                .contains(principal.id())) {
            return false;
        }
        return statement.conditions().stream().allMatch(c -> holds(c, context));
    }

    private static boolean holds(Condition condition, Map<String, String> context) {
        // Condition keys are case-insensitive in IAM; values are not (for these operators).
        String value = context.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(condition.key()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null) {
            return false;
        }
        return switch (condition.operator()) {
            case "StringEquals" -> condition.values().contains(value);
            case "StringLike" -> condition.values().stream().anyMatch(p -> wildcard(p, false).matcher(value).matches());
            default -> throw new IllegalArgumentException("unsupported condition operator " + condition.operator());
        };
    }

    private static Pattern wildcard(String pattern, boolean caseInsensitive) {
        require(!pattern.contains("${"), "policy variables are not supported: " + pattern);
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    }

    private static Map<String, List<String>> principals(JsonNode node) {
        if (node == null) {
            return null;
        }
        require(node.isObject(), "only typed principals are supported: " + node);
        Map<String, List<String>> principals = new HashMap<>();
        node.properties().forEach(e -> principals.put(e.getKey(), strings(e.getValue())));
        return principals;
    }

    private static List<Condition> conditions(JsonNode node) {
        List<Condition> conditions = new ArrayList<>();
        if (node == null) {
            return conditions;
        }
        node.properties().forEach(operator -> operator.getValue().properties().forEach(key ->
                conditions.add(new Condition(operator.getKey(), key.getKey(), strings(key.getValue())))));
        return conditions;
    }

    private static List<JsonNode> list(JsonNode node) {
        require(node != null, "missing element");
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        return nodes;
    }

    private static List<String> strings(JsonNode node) {
        return list(node).stream().map(n -> {
            require(n.isTextual(), "expected a string: " + n);
            return n.asText();
        }).toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
