package io.shelfwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./shelfwise onboard}: starts an onboarding through the admin API and follows it, one line per step with a
 * progress bar, rate and ETA while it imports, and ends with the tenant's API key and a snippet for its backend.
 */
@Command(name = "onboard", mixinStandardHelpOptions = true,
        description = "Onboard a store in one request and follow every step until it serves.")
public final class OnboardCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 30;
    /** Under the API's 1 MiB body limit. */
    private static final int UPLOAD_PIECE = 1_000_000;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminConnection admin;

    @Option(names = "--id", required = true, description = "The new tenant's id (a slug).")
    String id;

    @Option(names = "--name", description = "Display name (default: the id).")
    String name;

    @Option(names = "--tier", defaultValue = "standard", description = "standard, premium or enterprise.")
    String tier;

    @Option(names = "--contact", description = "Who to reach at the store.")
    String contact;

    @Option(names = "--data", description = "Directory with catalog.jsonl and events.jsonl; omit to start cold.")
    Path data;

    @Option(names = "--catalog", description = "A catalog file (.jsonl or .csv) to upload; with --events, instead of --data.")
    Path catalog;

    @Option(names = "--events", description = "A history file (.jsonl or .csv) to upload.")
    Path events;

    @Option(names = "--poll-ms", defaultValue = "500", hidden = true)
    long pollMillis;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OnboardCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String url = admin.url();
        ObjectNode body = JSON.createObjectNode().put("tenantId", id).put("displayName", name == null ? id : name)
                .put("tier", tier);
        if (contact != null) {
            body.put("contact", contact);
        }
        if (data != null) {
            body.put("dataLocation", data.toAbsolutePath().toString());
        } else if (catalog != null || events != null) {
            body.put("dataLocation", upload(out, url));
        }
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/onboardings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (started.statusCode() != 202) {
            spec.commandLine().getErr().println("onboarding refused (" + started.statusCode() + "): "
                    + JSON.readTree(started.body()).path("detail").asText(started.body()));
            return 1;
        }
        String runId = JSON.readTree(started.body()).get("id").asText();
        out.printf("onboarding %s (%s) as %s%n", id, tier, runId);
        out.flush();
        Map<String, String> shown = new HashMap<>();
        while (true) {
            JsonNode run = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/onboardings/" + runId))
                    .GET()).body());
            for (JsonNode step : run.get("steps")) {
                report(out, step, shown);
            }
            String state = run.get("state").asText();
            if (!state.equals("running") && !state.equals("cancelling")) {
                return finish(out, run, state);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** One line per step when it settles; a progress line (bar, rate, ETA) while it runs with a known total. */
    private static void report(PrintWriter out, JsonNode step, Map<String, String> shown) {
        String name = step.get("step").asText();
        String state = step.get("state").asText();
        long done = step.get("done").asLong();
        long total = step.get("total").asLong();
        if (state.equals("running") && total > 0) {
            // The platform measures the step's rate and ETA (perSecond, etaSeconds); null until it has a rate.
            double rate = step.path("perSecond").asDouble(0);
            String eta = step.path("etaSeconds").isNumber() ? step.get("etaSeconds").asLong() + " s" : "…";
            int filled = (int) (BAR * done / Math.max(1, total));
            String line = String.format(Locale.ROOT, "  %-15s [%s%s] %3d %%  %.1f MB/s  ETA %s", name,
                    "#".repeat(filled), ".".repeat(BAR - filled), 100 * done / Math.max(1, total), rate / 1e6, eta);
            if (!line.equals(shown.get(name))) {
                out.println(line);
                out.flush();
                shown.put(name, line);
            }
            return;
        }
        if (state.equals("running") || state.equals("pending") || state.equals(shown.get(name + "#state"))) {
            return;
        }
        shown.put(name + "#state", state);
        String text = step.path("output").asText(step.path("error").asText(""));
        String first = text.lines().filter(l -> !l.startsWith("sample shopper")).findFirst().orElse("");
        out.printf(Locale.ROOT, "  %-15s %-11s %7s  %s%n", name, state,
                step.get("durationMs").isNull() ? "" : step.get("durationMs").asLong() + " ms", first);
        if (state.equals("failed")) {
            text.lines().skip(1).limit(10).forEach(l -> out.println("      " + l));
        }
        out.flush();
    }

    private int finish(PrintWriter out, JsonNode run, String state) {
        String url = admin.url();
        out.println("onboarding " + state);
        if (!state.equals("succeeded")) {
            out.println("retry:  curl -X POST " + url + "/admin/v1/onboardings/" + run.get("id").asText()
                    + "/retry -H 'Authorization: Bearer <operator token>'");
            out.println("cancel: curl -X DELETE " + url + "/admin/v1/onboardings/" + run.get("id").asText()
                    + " -H 'Authorization: Bearer <operator token>'");
            out.flush();
            return 1;
        }
        String key = run.path("apiKey").asText("(already shown once)");
        JsonNode guide;
        try {
            guide = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/onboardings/"
                    + run.get("id").asText() + "/guide")).GET()).body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        out.printf("%nAPI key (shown once): %s%nBase URL:             %s%nSDK (Maven):          %s%n%n%s", key,
                guide.path("baseUrl").asText(), guide.path("sdk").asText(), guide.path("snippet").asText());
        out.flush();
        return 0;
    }

    /** Sends the files in pieces of at most a request body; returns the upload's location. */
    private String upload(PrintWriter out, String url) throws IOException, InterruptedException {
        JsonNode created = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/uploads"))
                .POST(HttpRequest.BodyPublishers.noBody())).body());
        String id = created.get("id").asText();
        for (Path file : new Path[] {catalog, events}) {
            if (file == null) {
                continue;
            }
            String kind = file == catalog ? "catalog" : "events";
            String name = kind + (file.getFileName().toString().endsWith(".csv") ? ".csv" : ".jsonl");
            long size = Files.size(file);
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] piece;
                long offset = 0;
                while ((piece = in.readNBytes(UPLOAD_PIECE)).length > 0) {
                    HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/uploads/" + id
                                    + "/files/" + name + "?offset=" + offset))
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(piece)));
                    if (sent.statusCode() != 200) {
                        throw new IOException("upload of " + file + " refused (" + sent.statusCode() + "): "
                                + sent.body());
                    }
                    offset += piece.length;
                }
                out.printf(Locale.ROOT, "  uploaded %-13s %,d bytes%n", name, size);
                out.flush();
            }
        }
        return created.get("location").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return admin.send(request, Duration.ofSeconds(30));
    }
}
