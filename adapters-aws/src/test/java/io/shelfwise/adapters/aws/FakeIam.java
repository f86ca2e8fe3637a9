package io.shelfwise.adapters.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers the IAM query API for roles and their policies with an in-memory state, as mockwebserver's dispatcher,
 * and records each call's form parameters. IAM has no local server; this checks what the adapter sends and lets
 * it see IAM's answers (EntityAlreadyExists, NoSuchEntity) for the paths it must handle.
 */
final class FakeIam extends Dispatcher {
    private static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    /** A role as the fake keeps it. */
    static final class Role {
        String trust;
        final Map<String, String> tags = new TreeMap<>();
        final Map<String, String> inlinePolicies = new TreeMap<>();
        final List<String> attachedPolicies = new ArrayList<>();
    }

    final Map<String, Role> roles = new LinkedHashMap<>();
    final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

    List<String> actions() {
        return calls.stream().map(c -> c.get("Action")).toList();
    }

    Map<String, String> lastCall(String action) {
        return calls.reversed().stream().filter(c -> action.equals(c.get("Action"))).findFirst().orElseThrow();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        Map<String, String> params = formParameters(request.getBody() == null ? "" : request.getBody().utf8());
        calls.add(params);
        String action = params.get("Action");
        String roleName = params.get("RoleName");
        Role role = roles.get(roleName);
        if (role == null && !action.equals("CreateRole")) {
            return error(404, "NoSuchEntity", "The role with name " + roleName + " cannot be found.");
        }
        return switch (action) {
            case "CreateRole" -> {
                if (role != null) {
                    yield error(409, "EntityAlreadyExists", "Role with name " + roleName + " already exists.");
                }
                Role created = new Role();
                created.trust = params.get("AssumeRolePolicyDocument");
                created.tags.putAll(tags(params));
                roles.put(roleName, created);
                yield ok(action, "<Role><Path>/</Path><RoleName>" + roleName + "</RoleName><RoleId>AROAEXAMPLE</RoleId>"
                        + "<Arn>arn:aws:iam::" + Fixtures.ACCOUNT + ":role/" + roleName + "</Arn>"
                        + "<CreateDate>2026-01-01T00:00:00Z</CreateDate></Role>");
            }
            case "UpdateAssumeRolePolicy" -> {
                role.trust = params.get("PolicyDocument");
                yield ok(action, null);
            }
            case "TagRole" -> {
                role.tags.putAll(tags(params));
                yield ok(action, null);
            }
            case "PutRolePolicy" -> {
                role.inlinePolicies.put(params.get("PolicyName"), params.get("PolicyDocument"));
                yield ok(action, null);
            }
            case "ListRolePolicies" -> ok(action, "<PolicyNames>" + role.inlinePolicies.keySet().stream()
                    .map(n -> "<member>" + n + "</member>").reduce("", String::concat)
                    + "</PolicyNames><IsTruncated>false</IsTruncated>");
            case "DeleteRolePolicy" -> role.inlinePolicies.remove(params.get("PolicyName")) == null
                    ? error(404, "NoSuchEntity", "The role policy cannot be found.")
                    : ok(action, null);
            case "ListAttachedRolePolicies" -> ok(action, "<AttachedPolicies>" + role.attachedPolicies.stream()
                    .map(arn -> "<member><PolicyName>" + arn.substring(arn.lastIndexOf('/') + 1) + "</PolicyName>"
                            + "<PolicyArn>" + arn + "</PolicyArn></member>").reduce("", String::concat)
                    + "</AttachedPolicies><IsTruncated>false</IsTruncated>");
            case "DetachRolePolicy" -> role.attachedPolicies.remove(params.get("PolicyArn"))
                    ? ok(action, null)
                    : error(404, "NoSuchEntity", "Policy is not attached.");
            case "DeleteRole" -> {
                if (!role.inlinePolicies.isEmpty() || !role.attachedPolicies.isEmpty()) {
                    yield error(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
                }
                roles.remove(roleName);
                yield ok(action, null);
            }
            default -> error(400, "InvalidAction", "unexpected action " + action);
        };
    }

    private static Map<String, String> tags(Map<String, String> params) {
        Map<String, String> tags = new TreeMap<>();
        for (int i = 1; params.containsKey("Tags.member." + i + ".Key"); i++) {
            tags.put(params.get("Tags.member." + i + ".Key"), params.get("Tags.member." + i + ".Value"));
        }
        return tags;
    }

    static Map<String, String> formParameters(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static MockResponse ok(String action, String result) {
        String body = "<" + action + "Response xmlns=\"" + NS + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></" + action + "Response>";
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(body).build();
    }

    private static MockResponse error(int status, String code, String message) {
        String body = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>";
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/xml").body(body).build();
    }
}
