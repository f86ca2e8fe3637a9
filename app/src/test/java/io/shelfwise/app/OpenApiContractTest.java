package io.shelfwise.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shelfwise.app.web.AdminOffboardingsResource;
import io.shelfwise.app.web.AdminOnboardingsResource;
import io.shelfwise.app.web.AdminTenantsResource;
import io.shelfwise.app.web.AdminUploadsResource;
import io.shelfwise.app.web.AdminUsageResource;
import io.shelfwise.app.web.CampaignSettingsResource;
import io.shelfwise.app.web.CampaignsResource;
import io.shelfwise.app.web.ChannelsResource;
import io.shelfwise.app.web.EventsResource;
import io.shelfwise.app.web.ItemsResource;
import io.shelfwise.app.web.ModelsResource;
import io.shelfwise.app.web.JsonMapper;
import io.shelfwise.app.web.OpenApiResource;
import io.shelfwise.app.web.Problem;
import io.shelfwise.app.web.RecommendationsResource;
import io.shelfwise.app.web.SegmentsResource;
import io.shelfwise.app.web.SettingsResource;
import io.shelfwise.app.web.UsersResource;
import io.shelfwise.metering.UsageMetric;
import io.shelfwise.metering.UsageReport;
import io.shelfwise.metering.port.in.ReportUsage;
import io.shelfwise.tenancy.TenantId;
import io.shelfwise.tenancy.Tier;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.yaml} true to the Jersey resources that serve the API: the same routes in both directions,
 * request and response schemas with exactly the fields of the wire records, the query parameters the resources
 * read, the credential of each API and the error answers its filters and bodies can cause.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpenApiContractTest {
    /** The resource classes {@link Platform} registers with Jersey. */
    private static final List<Class<?>> RESOURCES = List.of(AdminTenantsResource.class, AdminUsageResource.class,
            AdminOnboardingsResource.class, AdminOffboardingsResource.class, AdminUploadsResource.class,
            EventsResource.class, ItemsResource.class, RecommendationsResource.class, ModelsResource.class,
            SettingsResource.class, OpenApiResource.class, SegmentsResource.class, UsersResource.class,
            CampaignsResource.class, ChannelsResource.class, CampaignSettingsResource.class,
            io.shelfwise.app.web.AdminRolloutsResource.class);

    /** The route prefixes the document is the contract of; a documented route there must be served. */
    private static final List<String> DOCUMENTED_PREFIXES = List.of("/v1", "/admin/v1", "/openapi");

    /**
     * The success answer of routes whose method returns a {@link Response}, whose entity reflection cannot see.
     * A route missing here fails the test, so a new such method has to say what it answers. A body of
     * {@code String.class} is a text answer, checked like a method returning a String: the media types it produces.
     */
    private static final Map<String, Success> RESPONSE_BODIES = Map.ofEntries(
            Map.entry("POST /admin/v1/rollouts", new Success(202, io.shelfwise.app.web.AdminRolloutsResource.RolloutJson.class)),
            Map.entry("POST /admin/v1/uploads", new Success(201, AdminUploadsResource.UploadJson.class)),
            Map.entry("POST /admin/v1/onboardings", new Success(202, AdminOnboardingsResource.OnboardingJson.class)),
            Map.entry("POST /admin/v1/onboardings/{id}/retry", new Success(202, AdminOnboardingsResource.OnboardingJson.class)),
            Map.entry("DELETE /admin/v1/onboardings/{id}", new Success(202, AdminOnboardingsResource.OnboardingJson.class)),
            Map.entry("POST /admin/v1/tenants", new Success(201, AdminTenantsResource.TenantJson.class)),
            Map.entry("POST /admin/v1/tenants/{id}/keys", new Success(201, AdminTenantsResource.KeyJson.class)),
            Map.entry("POST /admin/v1/tenants/{id}/keys/{keyId}/rotate", new Success(201, AdminTenantsResource.KeyJson.class)),
            Map.entry("DELETE /admin/v1/tenants/{id}/keys/{keyId}", new Success(204, null)),
            Map.entry("DELETE /v1/items/{id}", new Success(204, null)),
            Map.entry("POST /v1/models/trainings", new Success(202, ModelsResource.TrainingRunJson.class)),
            Map.entry("POST /v1/segments", new Success(201, SegmentsResource.SegmentJson.class)),
            Map.entry("DELETE /v1/segments/{id}", new Success(204, null)),
            Map.entry("GET /v1/segments/{id}/members.csv", new Success(200, String.class)),
            Map.entry("POST /v1/campaigns", new Success(201, CampaignsResource.CampaignJson.class)),
            Map.entry("POST /v1/campaigns/{id}/send", new Success(202, CampaignsResource.SendJson.class)));

    private static JsonNode document;
    private static List<Route> served;

    @BeforeAll
    static void loadDocumentAndResourceModel() throws IOException {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            assertNotNull(in, "openapi.yaml is missing from the classpath");
            document = Contract.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        served = Contract.routes(RESOURCES);
    }

    // ---------------------------------------------------------------------------------------------- the document

    @Test
    void every_served_route_is_documented() {
        assertNoProblems(Contract.undocumentedRoutes(document, served));
    }

    @Test
    void every_documented_route_is_served() {
        assertNoProblems(Contract.unservedRoutes(document, served));
    }

    @Test
    void request_and_response_schemas_have_exactly_the_fields_of_the_wire_records() {
        assertNoProblems(Contract.bodyProblems(document, served));
    }

    @Test
    void every_query_and_path_parameter_the_resources_read_is_documented_and_no_other() {
        assertNoProblems(Contract.parameterProblems(document, served));
    }

    @Test
    void the_problem_schema_has_exactly_the_fields_of_the_problem_record() {
        List<String> problems = new ArrayList<>();
        Contract.compareObject(document, document.at("/components/schemas/Problem"), Problem.class,
                "components.schemas.Problem", Direction.RESPONSE, new LinkedHashSet<>(), problems);
        assertNoProblems(problems);
    }

    @Test
    void every_operation_declares_the_credential_of_its_api() {
        assertNoProblems(Contract.securityProblems(document));
    }

    @Test
    void every_operation_documents_the_errors_its_filters_parameters_and_body_can_cause() {
        assertNoProblems(Contract.errorProblems(document));
    }

    @Test
    void the_usage_metrics_and_the_csv_columns_are_the_documented_ones() {
        // The metric map and the CSV are shaped by code, not by a record's fields: check them by name.
        Set<String> metrics = Stream.of(UsageMetric.values()).map(UsageMetric::key)
                .collect(Collectors.toCollection(TreeSet::new));
        JsonNode usage = document.at("/components/schemas/Usage/properties/usage");
        Set<String> documented = new TreeSet<>();
        usage.path("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> required = new TreeSet<>();
        usage.path("required").forEach(r -> required.add(r.asText()));
        assertEquals(metrics, documented, "components.schemas.Usage.properties.usage documents other metrics");
        assertEquals(metrics, required, "every metric is always present, so each must be 'required'");
        documented.forEach(m -> assertEquals("integer", usage.path("properties").path(m).path("type").asText(),
                "usage." + m + " is a count"));

        ReportUsage reports = new ReportUsage() {
            @Override
            public UsageReport report(TenantId tenant, YearMonth period) {
                return new UsageReport(tenant, Tier.STANDARD, period, Map.of(), 5_000_000, BigDecimal.valueOf(499));
            }

            @Override
            public List<UsageReport> fleet(YearMonth period) {
                return List.of(report(new TenantId("acme"), period));
            }

            @Override
            public Map<TenantId, Map<UsageMetric, Long>> counters(YearMonth period) {
                return Map.of();
            }
        };
        String export = new AdminUsageResource(reports, Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"),
                ZoneOffset.UTC)).fleet("2026-11");
        String header = export.lines().findFirst().orElseThrow();
        JsonNode csv = document.at("/paths/~1admin~1v1~1usage/get/responses/200/content/text~1csv");
        assertEquals(header, csv.path("example").asText().lines().findFirst().orElse(""),
                "the documented CSV example starts with another header than the export");
        String description = document.at("/paths/~1admin~1v1~1usage/get/description").asText();
        assertTrue(description.contains("`" + header + "`"), "the description names the CSV columns: " + header);
    }

    @Test
    void every_resource_class_of_the_web_package_is_checked() throws IOException, URISyntaxException {
        Set<Class<?>> found = new java.util.HashSet<>(Contract.resourceClassesBeside(OpenApiResource.class));
        // The console's page and JSON belong to the page that ships with them (ConsoleApiTest, ConsoleBrowserTest):
        // not an API for clients, so not in the document; they stay under /console, outside the documented prefixes.
        assertTrue(found.remove(io.shelfwise.app.web.ConsoleResource.class), "the console is served");
        Contract.routes(List.of(io.shelfwise.app.web.ConsoleResource.class)).forEach(r ->
                assertTrue(r.key().contains(" /console"), "a console route outside /console: " + r.key()));
        assertEquals(Set.copyOf(RESOURCES), found,
                "the resource classes in io.shelfwise.app.web differ from RESOURCES of this test; "
                        + "register new ones in Platform, list them here and document them");
    }

    @Test
    void the_resource_model_and_the_document_are_not_empty() {
        // Guards every other test against passing because it compared two empty sets.
        assertTrue(served.size() >= 14, "only " + served.size() + " routes found: " + served);
        assertTrue(Contract.documentedRoutes(document).size() >= 14);
        assertTrue(served.stream().anyMatch(r -> r.key().equals("POST /admin/v1/tenants/{id}/keys/{keyId}/rotate")),
                "sub-resource methods are part of the model: " + served);
    }

    // ------------------------------------------------------------------------- the checks detect what they must

    @Test
    void a_document_that_does_not_parse_is_reported() {
        assertThrows(IOException.class, () -> Contract.parse("openapi: 3.1.0\npaths: {/v1/events: [unclosed\n"));
        AssertionError notOpenApi = assertThrows(AssertionError.class, () -> Contract.parse("openapi: 3.0.3\n"));
        assertTrue(notOpenApi.getMessage().contains("3.1"), notOpenApi.getMessage());
    }

    @Test
    void a_route_removed_from_the_document_is_reported() {
        JsonNode altered = document.deepCopy();
        ((ObjectNode) altered.get("paths")).remove("/v1/items/{id}");
        List<String> problems = Contract.undocumentedRoutes(altered, served);
        assertTrue(problems.stream().anyMatch(p -> p.contains("GET /v1/items/{id}")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("DELETE /v1/items/{id}")), problems::toString);
    }

    @Test
    void a_route_served_but_not_documented_is_reported() {
        List<Route> more = new ArrayList<>(served);
        more.addAll(Contract.routes(List.of(UndocumentedResource.class)));
        List<String> problems = Contract.undocumentedRoutes(document, more);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().contains("GET /v1/undocumented/{name}"), problems::toString);
    }

    @Test
    void a_documented_route_that_is_not_served_is_reported() {
        JsonNode altered = document.deepCopy();
        ((ObjectNode) altered.get("paths")).set("/v1/ghosts",
                altered.get("paths").get("/v1/recommendations/popular").deepCopy());
        List<String> problems = Contract.unservedRoutes(altered, served);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().contains("GET /v1/ghosts"), problems::toString);
    }

    @Test
    void a_record_field_missing_from_its_schema_or_a_stray_schema_property_is_reported() {
        JsonNode altered = document.deepCopy();
        ObjectNode item = (ObjectNode) altered.at("/components/schemas/Item/properties");
        item.remove("brand");
        ((ObjectNode) altered.at("/components/schemas/TrackResult/properties")).putObject("rejected")
                .put("type", "integer");
        ((ObjectNode) altered.at("/components/schemas/TierPolicy/properties/burst")).put("type", "string");
        List<String> problems = Contract.bodyProblems(altered, served);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Item") && p.contains("brand")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("TrackResult") && p.contains("rejected")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("burst") && p.contains("integer")), problems::toString);
    }

    @Test
    void an_undocumented_query_parameter_is_reported() {
        JsonNode altered = document.deepCopy();
        ArrayNode parameters = (ArrayNode) altered.at("/paths/~1v1~1events/get/parameters");
        for (Iterator<JsonNode> it = parameters.iterator(); it.hasNext(); ) {
            if (it.next().path("name").asText().equals("limit")) {
                it.remove();
            }
        }
        List<String> problems = Contract.parameterProblems(altered, served);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().contains("GET /v1/events") && problems.getFirst().contains("limit"),
                problems::toString);
    }

    @Test
    void an_undocumented_query_parameter_of_a_bean_param_is_reported() {
        JsonNode altered = document.deepCopy();
        ArrayNode parameters = (ArrayNode) altered.at("/paths/~1v1~1recommendations~1home/get/parameters");
        for (Iterator<JsonNode> it = parameters.iterator(); it.hasNext(); ) {
            if (Contract.resolve(altered, it.next()).path("name").asText().equals("maxPerBrand")) {
                it.remove();
            }
        }
        List<String> problems = Contract.parameterProblems(altered, served);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().contains("GET /v1/recommendations/home")
                && problems.getFirst().contains("maxPerBrand"), problems::toString);
    }

    @Test
    void a_text_answer_documented_with_another_media_type_or_a_non_string_schema_is_reported() {
        JsonNode altered = document.deepCopy();
        ObjectNode content = (ObjectNode) altered.at("/paths/~1admin~1v1~1usage/get/responses/200/content");
        content.set("application/json", content.remove("text/csv"));
        ((ObjectNode) altered.at("/paths/~1openapi/get/responses/200/content/text~1yaml/schema"))
                .put("type", "object");
        List<String> problems = Contract.bodyProblems(altered, served);
        assertTrue(problems.stream().anyMatch(p -> p.contains("GET /admin/v1/usage") && p.contains("text/csv")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("GET /openapi") && p.contains("text/yaml")),
                problems::toString);
    }

    @Test
    void a_missing_error_answer_or_retry_after_header_is_reported() {
        JsonNode altered = document.deepCopy();
        ((ObjectNode) altered.at("/paths/~1v1~1items/put/responses")).remove("415");
        ((ObjectNode) altered.at("/components/responses/TooManyRequests")).remove("headers");
        List<String> problems = Contract.errorProblems(altered);
        assertTrue(problems.stream().anyMatch(p -> p.contains("PUT /v1/items") && p.contains("415")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Retry-After")), problems::toString);
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " contract problem(s):\n  "
                + String.join("\n  ", problems));
    }

    /** A resource this test adds to the model to prove an undocumented route is caught. */
    @jakarta.ws.rs.Path("v1/undocumented")
    public static final class UndocumentedResource {
        @GET
        @jakarta.ws.rs.Path("{name}")
        public Success get(@PathParam("name") String name, @QueryParam("q") String q) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ machinery

    /** One (method, path) Jersey serves and the Java method that handles it. */
    record Route(String method, String path, Method handler, Set<String> produces, List<Parameter> parameters) {
        String key() {
            return method + " " + path;
        }
    }

    /**
     * The success status of a route and the record of its body, or null when it has none; a non-JSON type
     * ({@code String.class}, ...) for a text body.
     */
    record Success(int status, Class<?> body) {
    }

    enum Direction { REQUEST, RESPONSE }

    /** The comparisons; each returns the problems found, an empty list when the document is true. */
    static final class Contract {
        private static final Set<String> HTTP_METHODS =
                Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
        private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(?::[^}]*)?}");
        private static final Set<Class<?>> NON_JSON_BODIES = Set.of(byte[].class, String.class, InputStream.class);

        private Contract() {
        }

        static JsonNode parse(String yaml) throws IOException {
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            if (doc == null || !doc.path("openapi").asText().startsWith("3.1")) {
                throw new AssertionError("not an OpenAPI 3.1 document: 'openapi' is "
                        + (doc == null ? "missing" : doc.path("openapi")));
            }
            if (!doc.path("paths").isObject() || !doc.path("components").path("schemas").isObject()) {
                throw new AssertionError("the document has no 'paths' or no 'components.schemas'");
            }
            return doc;
        }

        // ----------------------------------------------------------------------------------------------- routes

        static List<Route> routes(Collection<Class<?>> resourceClasses) {
            List<Route> routes = new ArrayList<>();
            for (Class<?> type : resourceClasses) {
                collect(Resource.from(type), "", routes);
            }
            return routes;
        }

        private static void collect(Resource resource, String parent, List<Route> out) {
            String path = join(parent, resource.getPath());
            for (ResourceMethod method : resource.getResourceMethods()) {
                Set<String> produces = method.getProducedTypes().stream()
                        .map(t -> t.getType() + "/" + t.getSubtype())
                        .collect(Collectors.toCollection(TreeSet::new));
                out.add(new Route(method.getHttpMethod(), path, method.getInvocable().getHandlingMethod(),
                        produces, method.getInvocable().getParameters()));
            }
            if (resource.getResourceLocator() != null) {
                throw new AssertionError("sub-resource locator at " + path + ": extend this test to follow it");
            }
            for (Resource child : resource.getChildResources()) {
                collect(child, path, out);
            }
        }

        /** {@code a} and {@code b} as one OpenAPI path: leading slash, no doubled or trailing slash, bare variables. */
        static String join(String a, String b) {
            String joined = (a == null ? "" : a) + "/" + (b == null ? "" : b);
            joined = TEMPLATE_VARIABLE.matcher(joined).replaceAll("{$1}");
            joined = ("/" + joined).replaceAll("/{2,}", "/");
            return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        }

        /** Every documented operation, by "METHOD /path". */
        static Map<String, JsonNode> documentedRoutes(JsonNode doc) {
            Map<String, JsonNode> operations = new LinkedHashMap<>();
            doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (HTTP_METHODS.contains(op.getKey())) {
                    operations.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
                            op.getValue());
                }
            }));
            return operations;
        }

        static List<String> undocumentedRoutes(JsonNode doc, List<Route> routes) {
            Set<String> documented = documentedRoutes(doc).keySet();
            return routes.stream()
                    .filter(r -> !documented.contains(r.key()))
                    .map(r -> r.key() + " is served by " + r.handler().getDeclaringClass().getSimpleName() + "."
                            + r.handler().getName() + " but not documented")
                    .toList();
        }

        static List<String> unservedRoutes(JsonNode doc, List<Route> routes) {
            Set<String> servedKeys = routes.stream().map(Route::key).collect(Collectors.toSet());
            return documentedRoutes(doc).keySet().stream()
                    .filter(key -> underDocumentedPrefix(key.substring(key.indexOf(' ') + 1)))
                    .filter(key -> !servedKeys.contains(key))
                    .map(key -> key + " is documented but no resource method serves it")
                    .toList();
        }

        private static boolean underDocumentedPrefix(String path) {
            return DOCUMENTED_PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        }

        // ----------------------------------------------------------------------------------------------- bodies

        static List<String> bodyProblems(JsonNode doc, List<Route> routes) {
            List<String> problems = new ArrayList<>();
            Map<String, JsonNode> operations = documentedRoutes(doc);
            Set<String> responseRoutes = new TreeSet<>();
            for (Route route : routes) {
                JsonNode op = operations.get(route.key());
                if (op == null) {
                    continue; // reported by undocumentedRoutes
                }
                String where = route.key();
                checkRequestBody(doc, route, op, problems);

                Method handler = route.handler();
                Class<?> returned = handler.getReturnType();
                Success expected;
                if (returned == Response.class) {
                    responseRoutes.add(route.key());
                    expected = RESPONSE_BODIES.get(route.key());
                    if (expected == null) {
                        problems.add(where + ": " + handler.getName() + " returns a Response; name its status and "
                                + "body record in RESPONSE_BODIES of this test");
                        continue;
                    }
                } else if (returned == void.class && java.util.Arrays.asList(handler.getParameterTypes())
                        .contains(jakarta.ws.rs.sse.SseEventSink.class)) {
                    expected = null; // a server-sent event stream: not JSON, checked like the other non-JSON bodies
                } else if (returned == void.class) {
                    expected = new Success(204, null);
                } else if (returned.isRecord()) {
                    expected = new Success(200, returned);
                } else if (NON_JSON_BODIES.contains(returned)) {
                    expected = null; // not JSON: the status and the media types, each a string
                } else {
                    problems.add(where + ": cannot check a body of type " + handler.getGenericReturnType()
                            + "; answer a record");
                    continue;
                }

                Map<String, JsonNode> successes = new LinkedHashMap<>();
                resolve(doc, op.path("responses")).properties().forEach(e -> {
                    if (e.getKey().startsWith("2")) {
                        successes.put(e.getKey(), resolve(doc, e.getValue()));
                    }
                });
                int status = expected == null ? 200 : expected.status();
                if (!successes.keySet().equals(Set.of(Integer.toString(status)))) {
                    problems.add(where + ": documents success status(es) " + successes.keySet() + " but answers "
                            + status);
                    continue;
                }
                JsonNode success = successes.get(Integer.toString(status));
                if (expected == null || (expected.body() != null && NON_JSON_BODIES.contains(expected.body()))) {
                    checkTextBody(doc, route, success, problems);
                    continue;
                }
                JsonNode schema = success.path("content").path("application/json").path("schema");
                if (expected.body() == null) {
                    if (!success.path("content").isMissingNode()) {
                        problems.add(where + ": answers " + status + " without a body, but documents one");
                    }
                } else if (schema.isMissingNode()) {
                    problems.add(where + ": answers " + expected.body().getSimpleName()
                            + " as application/json, but documents no such body for " + status);
                } else {
                    compareObject(doc, schema, expected.body(), where + " " + status, Direction.RESPONSE,
                            new LinkedHashSet<>(), problems);
                }
            }
            Set<String> stale = new TreeSet<>(RESPONSE_BODIES.keySet());
            stale.removeAll(responseRoutes);
            stale.forEach(key -> problems.add("RESPONSE_BODIES names " + key
                    + ", which no Response-returning method serves"));
            return problems;
        }

        /** A body that is not JSON: documented as exactly the media types the method produces, each a string. */
        private static void checkTextBody(JsonNode doc, Route route, JsonNode success, List<String> problems) {
            Set<String> documented = new TreeSet<>();
            success.path("content").fieldNames().forEachRemaining(documented::add);
            if (!documented.equals(route.produces())) {
                problems.add(route.key() + ": answers " + route.produces() + " but documents " + documented);
            }
            success.path("content").properties().forEach(e -> {
                if (!resolve(doc, e.getValue().path("schema")).path("type").asText().equals("string")) {
                    problems.add(route.key() + ": the " + e.getKey() + " answer is text; its schema must be "
                            + "'type: string'");
                }
            });
        }

        private static void checkRequestBody(JsonNode doc, Route route, JsonNode op, List<String> problems) {
            String where = route.key();
            Method handler = route.handler();
            List<Type> entities = new ArrayList<>();
            Annotation[][] annotations = handler.getParameterAnnotations();
            for (int i = 0; i < annotations.length; i++) {
                boolean jaxRs = Stream.of(annotations[i])
                        .anyMatch(a -> a.annotationType().getName().startsWith("jakarta.ws.rs."));
                if (!jaxRs) {
                    entities.add(handler.getGenericParameterTypes()[i]);
                }
            }
            JsonNode body = resolve(doc, op.path("requestBody"));
            if (entities.isEmpty()) {
                if (!body.isMissingNode()) {
                    problems.add(where + ": documents a request body, but " + handler.getName() + " reads none");
                }
                return;
            }
            if (entities.size() > 1) {
                problems.add(where + ": " + handler.getName() + " has more than one entity parameter");
                return;
            }
            if (entities.getFirst() == byte[].class) {
                // Raw bytes (an upload's piece): the document must say so, as application/octet-stream.
                if (body.path("content").path("application/octet-stream").isMissingNode()) {
                    problems.add(where + ": " + handler.getName() + " reads raw bytes, but no"
                            + " application/octet-stream request body is documented");
                }
                return;
            }
            JsonNode schema = body.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                problems.add(where + ": " + handler.getName() + " reads a " + entities.getFirst().getTypeName()
                        + " body, but no application/json request body is documented");
                return;
            }
            if (Map.class.isAssignableFrom(rawClass(entities.getFirst()))) {
                // A free-form object the domain reads field by field: no record to compare, but it must be an object.
                if (!resolve(doc, schema).path("type").asText().equals("object")) {
                    problems.add(where + ": " + handler.getName() + " reads a JSON object (a Map), so the request"
                            + " body must be 'type: object'");
                }
                return;
            }
            if (!(entities.getFirst() instanceof Class<?> type) || !type.isRecord()) {
                problems.add(where + ": cannot check a request body of type " + entities.getFirst().getTypeName());
                return;
            }
            compareObject(doc, schema, type, where + " requestBody", Direction.REQUEST, new LinkedHashSet<>(),
                    problems);
        }

        /** Compares an object schema with a record: same property names, compatible types, recursively. */
        static void compareObject(JsonNode doc, JsonNode schemaOrRef, Class<?> record, String where,
                                  Direction direction, Set<String> seen, List<String> problems) {
            String name = schemaOrRef.has("$ref") ? schemaOrRef.get("$ref").asText() : where;
            if (!seen.add(direction + " " + name + " " + record.getName())) {
                return;
            }
            JsonNode schema = resolve(doc, schemaOrRef);
            String label = schemaOrRef.has("$ref")
                    ? where + " -> " + name.substring(name.lastIndexOf('/') + 1)
                    : where;
            if (schema.isMissingNode()) {
                problems.add(label + ": the schema " + name + " does not exist");
                return;
            }
            if (!record.isRecord()) {
                problems.add(label + ": " + record.getName() + " is not a record; wire types must be records");
                return;
            }
            Map<String, RecordComponent> components = new LinkedHashMap<>();
            for (RecordComponent c : record.getRecordComponents()) {
                if (annotation(record, c, JsonIgnore.class) == null) {
                    JsonProperty renamed = annotation(record, c, JsonProperty.class);
                    components.put(renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName(), c);
                }
            }
            Set<String> documented = new LinkedHashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(documented::add);

            Set<String> undocumented = new TreeSet<>(components.keySet());
            undocumented.removeAll(documented);
            Set<String> stray = new TreeSet<>(documented);
            stray.removeAll(components.keySet());
            if (!undocumented.isEmpty()) {
                problems.add(label + ": " + record.getSimpleName() + " has fields " + undocumented
                        + " that the schema does not document");
            }
            if (!stray.isEmpty()) {
                problems.add(label + ": the schema documents properties " + stray + " that "
                        + record.getSimpleName() + " does not have");
            }
            JsonNode type = schema.path("type");
            boolean object = type.asText().equals("object")
                    || (type.isArray() && type.toString().contains("\"object\""));  // [object, 'null']: nullable
            if (!object) {
                problems.add(label + ": must be 'type: object'");
            }

            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            Set<String> requiredUnknown = new TreeSet<>(required);
            requiredUnknown.removeAll(documented);
            if (!requiredUnknown.isEmpty()) {
                problems.add(label + ": 'required' names " + requiredUnknown + ", which are not properties");
            }
            if (direction == Direction.REQUEST) {
                JsonNode additional = schema.path("additionalProperties");
                if (!additional.isBoolean() || additional.asBoolean()) {
                    problems.add(label + ": unknown fields are rejected, so the schema must say "
                            + "'additionalProperties: false'");
                }
            } else {
                Set<String> alwaysWritten = new TreeSet<>();
                components.forEach((field, c) -> {
                    if (!conditionallyWritten(record, c)) {
                        alwaysWritten.add(field);
                    }
                });
                alwaysWritten.removeAll(required);
                if (!alwaysWritten.isEmpty()) {
                    problems.add(label + ": Jackson always writes " + alwaysWritten
                            + " (nulls included), so they must be 'required'");
                }
            }

            components.forEach((field, c) -> {
                JsonNode property = schema.path("properties").path(field);
                if (!property.isMissingNode()) {
                    checkType(doc, property, c.getGenericType(), label + "." + field, direction, seen, problems);
                }
            });
        }

        private static void checkType(JsonNode doc, JsonNode schemaOrRef, Type type, String where,
                                      Direction direction, Set<String> seen, List<String> problems) {
            JsonNode schema = resolve(doc, schemaOrRef);
            Class<?> raw = rawClass(type);
            String expected = jsonType(raw);
            Set<String> types = new TreeSet<>();
            JsonNode declared = schema.path("type");
            if (declared.isTextual()) {
                types.add(declared.asText());
            } else {
                declared.forEach(t -> types.add(t.asText()));
            }
            boolean nullable = types.remove("null");
            if (expected == null) {
                problems.add(where + ": cannot map Java type " + type.getTypeName() + " to a JSON type");
                return;
            }
            if (!types.equals(Set.of(expected))) {
                problems.add(where + ": the schema's type is " + (types.isEmpty() ? "missing" : types)
                        + " but Java type " + type.getTypeName() + " is a JSON " + expected);
                return;
            }
            if (nullable && raw.isPrimitive()) {
                problems.add(where + ": allows null, but Java type " + raw + " is never null");
            }
            if (raw.isRecord()) {
                compareObject(doc, schemaOrRef, raw, where, direction, seen, problems);
            } else if (expected.equals("array")) {
                checkType(doc, schema.path("items"), elementType(type), where + "[]", direction, seen, problems);
            } else if (Map.class.isAssignableFrom(raw) && schema.path("additionalProperties").isObject()
                    && type instanceof ParameterizedType p) {
                checkType(doc, schema.path("additionalProperties"), p.getActualTypeArguments()[1], where + "{}",
                        direction, seen, problems);
            }
        }

        private static String jsonType(Class<?> raw) {
            if (raw == String.class || raw == char.class || raw == Character.class || raw.isEnum()) {
                return "string";
            }
            if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                    || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
                    || raw == BigInteger.class) {
                return "integer";
            }
            if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class
                    || raw == BigDecimal.class) {
                return "number";
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return "boolean";
            }
            if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
                return "array";
            }
            if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
                return "object";
            }
            return null;
        }

        private static Class<?> rawClass(Type type) {
            return switch (type) {
                case Class<?> c -> c;
                case ParameterizedType p -> rawClass(p.getRawType());
                case GenericArrayType a -> rawClass(a.getGenericComponentType()).arrayType();
                default -> Object.class;
            };
        }

        private static Type elementType(Type type) {
            return switch (type) {
                case Class<?> c when c.isArray() -> c.getComponentType();
                case GenericArrayType a -> a.getGenericComponentType();
                case ParameterizedType p -> p.getActualTypeArguments()[0];
                default -> Object.class;
            };
        }

        /** Whether Jackson may leave the field out: a non-ALWAYS inclusion on it, its record or the mapper. */
        private static boolean conditionallyWritten(Class<?> record, RecordComponent c) {
            JsonInclude include = annotation(record, c, JsonInclude.class);
            if (include == null) {
                include = record.getAnnotation(JsonInclude.class);
            }
            JsonInclude.Include value = include == null ? JsonInclude.Include.USE_DEFAULTS : include.value();
            if (value == JsonInclude.Include.USE_DEFAULTS) {
                value = JsonMapper.create().getSerializationConfig().getDefaultPropertyInclusion().getValueInclusion();
            }
            return value != JsonInclude.Include.ALWAYS && value != JsonInclude.Include.USE_DEFAULTS;
        }

        /** A Jackson annotation on a record component, which Java places on its accessor, field or the component. */
        private static <A extends Annotation> A annotation(Class<?> record, RecordComponent c, Class<A> type) {
            A found = c.getAccessor().getAnnotation(type);
            if (found == null) {
                found = c.getAnnotation(type);
            }
            if (found == null) {
                try {
                    Field field = record.getDeclaredField(c.getName());
                    found = field.getAnnotation(type);
                } catch (NoSuchFieldException e) {
                    throw new AssertionError(e);
                }
            }
            return found;
        }

        // ------------------------------------------------------------------------------------------- parameters

        static List<String> parameterProblems(JsonNode doc, List<Route> routes) {
            List<String> problems = new ArrayList<>();
            Map<String, JsonNode> operations = documentedRoutes(doc);
            for (Route route : routes) {
                JsonNode op = operations.get(route.key());
                if (op == null) {
                    continue;
                }
                Set<String> readQuery = new TreeSet<>();
                Set<String> readPath = new TreeSet<>();
                for (Parameter parameter : route.parameters()) {
                    switch (parameter.getSource()) {
                        case QUERY -> readQuery.add(parameter.getSourceName());
                        case PATH -> readPath.add(parameter.getSourceName());
                        case BEAN_PARAM -> readBean(parameter.getRawType(), readQuery, readPath,
                                new LinkedHashSet<>());
                        default -> {
                            // entities, @Context and headers are checked elsewhere or not documented as parameters
                        }
                    }
                }
                Set<String> documentedQuery = new TreeSet<>();
                Set<String> documentedPath = new TreeSet<>();
                JsonNode pathItem = doc.path("paths").path(route.path());
                for (JsonNode list : List.of(pathItem.path("parameters"), op.path("parameters"))) {
                    for (JsonNode p : list) {
                        JsonNode parameter = resolve(doc, p);
                        String name = parameter.path("name").asText();
                        switch (parameter.path("in").asText()) {
                            case "query" -> documentedQuery.add(name);
                            case "path" -> {
                                documentedPath.add(name);
                                if (!parameter.path("required").asBoolean()) {
                                    problems.add(route.key() + ": path parameter '" + name + "' must be required");
                                }
                            }
                            default -> {
                                // headers and cookies are not read by resource methods
                            }
                        }
                        if (!parameter.path("schema").isObject()) {
                            problems.add(route.key() + ": parameter '" + name + "' has no schema");
                        }
                    }
                }
                compareNames(route.key(), "query parameter", readQuery, documentedQuery, problems);
                Set<String> templated = new TreeSet<>();
                Matcher m = TEMPLATE_VARIABLE.matcher(route.path());
                while (m.find()) {
                    templated.add(m.group(1));
                }
                compareNames(route.key(), "path parameter", templated, documentedPath, problems);
                Set<String> unread = new TreeSet<>(readPath);
                unread.removeAll(templated);
                unread.forEach(n -> problems.add(route.key() + ": @PathParam '" + n + "' is not in the path"));
            }
            return problems;
        }

        /**
         * The query and path parameters a {@code @BeanParam} class reads: its {@code @QueryParam} and
         * {@code @PathParam} fields and setters (inherited ones too), and those of nested {@code @BeanParam}s.
         */
        static void readBean(Class<?> bean, Set<String> readQuery, Set<String> readPath, Set<Class<?>> seen) {
            if (!seen.add(bean)) {
                return;
            }
            for (Class<?> type = bean; type != null && type != Object.class; type = type.getSuperclass()) {
                List<java.lang.reflect.AnnotatedElement> members = new ArrayList<>(List.of(type.getDeclaredFields()));
                members.addAll(List.of(type.getDeclaredMethods()));
                for (java.lang.reflect.AnnotatedElement member : members) {
                    QueryParam q = member.getAnnotation(QueryParam.class);
                    if (q != null) {
                        readQuery.add(q.value());
                    }
                    PathParam p = member.getAnnotation(PathParam.class);
                    if (p != null) {
                        readPath.add(p.value());
                    }
                    if (member.isAnnotationPresent(BeanParam.class)) {
                        readBean(member instanceof Field f ? f.getType()
                                : ((Method) member).getParameterTypes()[0], readQuery, readPath, seen);
                    }
                }
            }
        }

        private static void compareNames(String where, String kind, Set<String> served, Set<String> documented,
                                         List<String> problems) {
            Set<String> undocumented = new TreeSet<>(served);
            undocumented.removeAll(documented);
            Set<String> unserved = new TreeSet<>(documented);
            unserved.removeAll(served);
            undocumented.forEach(n -> problems.add(where + ": " + kind + " '" + n + "' is read but not documented"));
            unserved.forEach(n -> problems.add(where + ": " + kind + " '" + n + "' is documented but not read"));
        }

        // ------------------------------------------------------------------------------- security and errors

        static List<String> securityProblems(JsonNode doc) {
            List<String> problems = new ArrayList<>();
            for (String scheme : List.of("apiKey", "operatorToken")) {
                JsonNode s = doc.path("components").path("securitySchemes").path(scheme);
                if (!s.path("type").asText().equals("http") || !s.path("scheme").asText().equals("bearer")) {
                    problems.add("components.securitySchemes." + scheme + " must be an http bearer scheme");
                }
            }
            documentedRoutes(doc).forEach((key, op) -> {
                String path = key.substring(key.indexOf(' ') + 1);
                JsonNode security = op.has("security") ? op.get("security") : doc.path("security");
                String expected = path.startsWith("/v1/") ? "apiKey"
                        : path.startsWith("/admin/") ? "operatorToken" : null;
                Set<String> schemes = new TreeSet<>();
                security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
                Set<String> wanted = expected == null ? Set.of() : Set.of(expected);
                if (!schemes.equals(wanted) || (expected == null && !security.isArray())) {
                    problems.add(key + ": security must be " + (expected == null ? "[] (no credential)"
                            : "[{" + expected + ": []}]") + ", not " + security);
                }
            });
            return problems;
        }

        static List<String> errorProblems(JsonNode doc) {
            List<String> problems = new ArrayList<>();
            documentedRoutes(doc).forEach((key, op) -> {
                String path = key.substring(key.indexOf(' ') + 1);
                boolean tenantApi = path.startsWith("/v1/");
                boolean adminApi = path.startsWith("/admin/");
                JsonNode pathItem = doc.path("paths").path(path);
                boolean hasBody = !op.path("requestBody").isMissingNode();
                boolean hasParameters = !op.path("parameters").isEmpty() || !pathItem.path("parameters").isEmpty();

                Set<String> wanted = new TreeSet<>();
                if (tenantApi || adminApi) {
                    wanted.add("401");
                }
                if (tenantApi) {
                    wanted.addAll(List.of("403", "429"));
                }
                if (hasBody) {
                    wanted.addAll(List.of("400", "413", "415", "422"));
                }
                if (hasParameters) {
                    wanted.add("422");
                }
                JsonNode responses = op.path("responses");
                Set<String> documented = new TreeSet<>();
                responses.fieldNames().forEachRemaining(documented::add);
                Set<String> missing = new TreeSet<>(wanted);
                missing.removeAll(documented);
                if (!missing.isEmpty()) {
                    problems.add(key + ": the server can answer " + missing + ", which are not documented");
                }
                documented.stream().filter(s -> s.startsWith("4") || s.startsWith("5")).forEach(status -> {
                    JsonNode answer = resolve(doc, responses.get(status));
                    JsonNode schema = answer.path("content").path("application/problem+json").path("schema");
                    if (!schema.path("$ref").asText().equals("#/components/schemas/Problem")) {
                        problems.add(key + " " + status + ": errors are application/problem+json with schema Problem");
                    }
                    if (answer.path("content").size() != 1) {
                        problems.add(key + " " + status + ": errors have no other media type than problem+json");
                    }
                    if (status.equals("429") && !hasHeader(doc, answer, "Retry-After", "integer")) {
                        problems.add(key + " 429: must document the Retry-After header (integer seconds)");
                    }
                    if (status.equals("401") && !hasHeader(doc, answer, "WWW-Authenticate", "string")) {
                        problems.add(key + " 401: must document the WWW-Authenticate header");
                    }
                });
            });
            return problems;
        }

        private static boolean hasHeader(JsonNode doc, JsonNode answer, String name, String type) {
            JsonNode header = resolve(doc, answer.path("headers").path(name));
            return resolve(doc, header.path("schema")).path("type").asText().equals(type);
        }

        // ----------------------------------------------------------------------------------------------- helpers

        /** The node a local {@code $ref} points to (following chains), or the node itself. */
        static JsonNode resolve(JsonNode doc, JsonNode node) {
            JsonNode current = node;
            for (int hops = 0; current.has("$ref"); hops++) {
                String ref = current.get("$ref").asText();
                if (!ref.startsWith("#/") || hops > 20) {
                    throw new AssertionError("unsupported or cyclic $ref: " + ref);
                }
                current = doc.at(ref.substring(1));
            }
            return current;
        }

        /** The {@code @Path} classes in the package of {@code anchor}, read from its compiled classes. */
        static Set<Class<?>> resourceClassesBeside(Class<?> anchor) throws IOException, URISyntaxException {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packageDir = anchor.getPackageName().replace('.', '/');
            Set<Class<?>> found = new LinkedHashSet<>();
            if (Files.isDirectory(location)) {
                addResourceClasses(location.resolve(packageDir), anchor, found);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    addResourceClasses(jar.getPath(packageDir), anchor, found);
                }
            }
            assertFalse(found.isEmpty(), "no resource classes found beside " + anchor);
            return found;
        }

        private static void addResourceClasses(Path dir, Class<?> anchor, Set<Class<?>> found) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".class") && !name.contains("$")) {
                        String className = anchor.getPackageName() + "." + name.substring(0, name.length() - 6);
                        try {
                            Class<?> type = Class.forName(className, false, anchor.getClassLoader());
                            if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                                found.add(type);
                            }
                        } catch (ClassNotFoundException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            }
        }
    }
}
