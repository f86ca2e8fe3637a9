package io.shelfwise.app.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the operator's commands reach the platform: its URL and the operator token. A picocli mixin. */
public final class AdminConnection {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The platform (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", defaultValue = "data/admin-token",
            description = "File holding the operator token (default: ${DEFAULT-VALUE}); SHELFWISE_ADMIN_TOKEN wins.")
    Path tokenFile;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String url() {
        return url;
    }

    /** The operator token: {@code SHELFWISE_ADMIN_TOKEN}, else the token file. */
    String token() throws IOException {
        String fromEnv = System.getenv("SHELFWISE_ADMIN_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (!Files.isReadable(tokenFile)) {
            throw new IOException("no operator token: set SHELFWISE_ADMIN_TOKEN or give --token-file (" + tokenFile
                    + " is not readable)");
        }
        return Files.readString(tokenFile).trim();
    }

    /** Sends {@code request} with the operator token, waiting at most {@code timeout} for the answer. */
    HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token()).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
