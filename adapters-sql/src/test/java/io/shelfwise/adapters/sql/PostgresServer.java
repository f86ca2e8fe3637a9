package io.shelfwise.adapters.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started once per JVM from the machine's PostgreSQL binaries
 * (Debian's {@code postgresql} package, which {@code ./shelfwise test} installs) on a free loopback port.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 * {@code SHELFWISE_TEST_POSTGRES_URL} points the tests at an existing server instead.
 */
final class PostgresServer {
    private static PostgresServer shared;

    private final String url;
    private final String user;

    private PostgresServer(String url, String user) {
        this.url = url;
        this.user = user;
    }

    static synchronized PostgresServer shared() {
        if (shared == null) {
            String external = System.getenv("SHELFWISE_TEST_POSTGRES_URL");
            shared = external != null ? new PostgresServer(external, System.getenv("SHELFWISE_TEST_POSTGRES_USER"))
                    : start();
        }
        return shared;
    }

    DatabaseSettings settings() {
        return new DatabaseSettings(url, user, "", 8);
    }

    private static PostgresServer start() {
        Path bin = binaries();
        try {
            Path dir = Files.createTempDirectory("shelfwise-pg");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres", dir.toString()));
            }
            int port = freePort();
            run(asPostgres(root, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", "shelfwise", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")));
            run(asPostgres(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off", "start")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(root, List.of(bin.resolve("pg_ctl").toString(), "-D",
                            dir.resolve("data").toString(), "-m", "immediate", "stop")));
                } finally {
                    deleteTree(dir);
                }
            }));
            return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "shelfwise");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL server binaries are missing: install Debian's 'postgresql'"
                    + " package (./shelfwise test does) or set SHELFWISE_TEST_POSTGRES_URL", e);
        }
    }

    private static List<String> asPostgres(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort on JVM exit
        }
    }
}
