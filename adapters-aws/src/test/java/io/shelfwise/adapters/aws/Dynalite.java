package io.shelfwise.adapters.aws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite, an implementation of the DynamoDB API on Node.js, run in memory on a free loopback port for one test
 * class. Installed by {@value #INSTALL}. Public, with the test-jar, for the app's AWS-mode test.
 */
public final class Dynalite implements AutoCloseable {
    static final String INSTALL = "npm ci --prefix adapters-aws/src/test/node";
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    private final URI endpoint;

    private Dynalite(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    public static Dynalite start() throws IOException, InterruptedException {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        // Installed in this module; tests of a sibling module (the app's) find it from there.
        Path cli = Stream.of(moduleDir, moduleDir.resolveSibling("adapters-aws"))
                .map(dir -> dir.resolve("src/test/node/node_modules/dynalite/cli.js"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("dynalite is not installed (no "
                        + moduleDir.resolveSibling("adapters-aws").resolve("src/test/node/node_modules/dynalite")
                        + "): run `" + INSTALL + "` in the repository root (needs Node.js 20 or newer)"));
        int port = freeLoopbackPort();
        Path log = Files.createTempFile("dynalite", ".log");
        Process process;
        try {
            process = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run `node` (Node.js 20 or newer is needed for dynalite)", e);
        }
        // Should a test class fail before its @AfterAll closes this, node must still not outlive the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Dynalite dynalite = new Dynalite(process, log, URI.create("http://127.0.0.1:" + port));
        dynalite.awaitListening(port);
        return dynalite;
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Fixtures.REGION)
                .credentialsProvider(Fixtures.CREDENTIALS)
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    private void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + STARTUP_LIMIT + ": "
                + Files.readString(log));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
