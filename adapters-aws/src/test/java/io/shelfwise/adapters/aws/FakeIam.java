package io.shelfwise.adapters.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers the IAM query API for roles and their policies with an in-memory state, as mockwebserver's dispatcher,
 * and records each call's form parameters. IAM has no local server; this checks what the adapter sends and lets
 * it see IAM's answers (EntityAlreadyExists, NoSuchEntity) for the paths it must handle.
 *
 * <p>It also answers STS's AssumeRole for the roles it holds (the same server can be both endpoints), issuing
 * session credentials of its own making: enough for servers that accept any signature (dynalite), and recorded in
 * {@link #sessions} so a test can tell whose session signed a request. Public, with the test-jar, for the app's
 * AWS-mode test.
 */
public final class FakeIam extends Dispatcher {
    private static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    /** A role as the fake keeps it. */
    public static final class Role {
        public String trust;
        public final Map<String, String> tags = new TreeMap<>();
        public final Map<String, String> inlinePolicies = new TreeMap<>();
        public final List<String> attachedPolicies = new ArrayList<>();
    }

    /** Read them while no request is in flight, or synchronized on this fake. */
    public final Map<String, Role> roles = new LinkedHashMap<>();
    public final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    /** The access key id of each session AssumeRole issued, and the name of the role it is a session of. */
    public final Map<String, String> sessions = new ConcurrentHashMap<>();

    public List<String> actions() {
        return calls.stream().map(c -> c.get("Action")).toList();
    }

    public Map<String, String> lastCall(String action) {
        return calls.reversed().stream().filter(c -> action.equals(c.get("Action"))).findFirst().orElseThrow();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        Map<String, String> params = formParameters(request.getBody() == null ? "" : request.getBody().utf8());
        calls.add(params);
        String action = params.get("Action");
        if ("AssumeRole".equals(action)) {
            return assumeRole(params);
        }
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

    /** STS's AssumeRole: a session of a role this fake holds, for the requested duration (1 hour by default). */
    private MockResponse assumeRole(Map<String, String> params) {
        String arn = params.get("RoleArn");
        String roleName = arn == null ? "" : arn.substring(arn.lastIndexOf('/') + 1);
        if (!roles.containsKey(roleName)) {
            return error(STS_NS, 403, "AccessDenied", "Not authorized to perform sts:AssumeRole on " + arn);
        }
        String session = params.get("RoleSessionName");
        String accessKey = "ASIAFAKE" + (sessions.size() + 1);
        sessions.put(accessKey, roleName);
        Instant expiry = Instant.now().plusSeconds(Long.parseLong(params.getOrDefault("DurationSeconds", "3600")));
        String account = arn.split(":")[4];
        String body = "<AssumeRoleResponse xmlns=\"" + STS_NS + "\"><AssumeRoleResult><Credentials>"
                + "<AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>secret-" + accessKey
                + "</SecretAccessKey><SessionToken>token-" + accessKey + "</SessionToken>"
                + "<Expiration>" + expiry.truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session
                + "</Arn><AssumedRoleId>AROAEXAMPLE:" + session + "</AssumedRoleId></AssumedRoleUser>"
                + "</AssumeRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</AssumeRoleResponse>";
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml").body(body).build();
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
        return error(NS, status, code, message);
    }

    private static MockResponse error(String namespace, int status, String code, String message) {
        String body = "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>";
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/xml").body(body).build();
    }
}
