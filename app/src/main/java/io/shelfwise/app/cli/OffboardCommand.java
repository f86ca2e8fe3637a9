package io.shelfwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./shelfwise offboard}: a store leaves for good, its data exported first when asked; prints each step. */
@Command(name = "offboard", mixinStandardHelpOptions = true,
        description = "Export a store's data (optional), then remove everything of it from the platform.")
public final class OffboardCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminConnection admin;

    @Option(names = "--id", required = true, description = "The tenant to offboard.")
    String id;

    @Option(names = "--export", description = "Directory to write catalog.jsonl and events.jsonl to first.")
    Path export;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OffboardCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode body = JSON.createObjectNode().put("tenantId", id);
        if (export != null) {
            body.put("exportLocation", export.toAbsolutePath().toString());
        }
        HttpResponse<String> response = admin.send(HttpRequest.newBuilder(
                        URI.create(admin.url() + "/admin/v1/offboardings")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), Duration.ofMinutes(30));
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println("offboarding refused (" + response.statusCode() + "): "
                    + json.path("detail").asText(response.body()));
            return 1;
        }
        for (JsonNode step : json.get("steps")) {
            out.printf(Locale.ROOT, "  %-22s %7d ms  %s%n", step.get("step").asText(), step.get("durationMs").asLong(),
                    step.get("output").asText());
        }
        out.println("offboarded " + id);
        out.flush();
        return 0;
    }
}
