package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service as the README runs it, on a fresh embedded database of its own: started with the
 * given environment, ready once {@code /q/health/ready} answers 200, stopped with SIGTERM.
 */
final class PackagedService implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Pattern DB_PORT = Pattern.compile("Embedded PostgreSQL on port (\\d+)");
    static final String ADMIN_PASSWORD = "bench-root-pw";

    final Process process;
    final Path data;
    final Path log;
    final int httpPort;
    final int agiPort;
    /** From {@code java} to the first 200 of {@code /q/health/ready}. */
    final long readyNanos;

    private PackagedService(Process process, Path data, Path log, int httpPort, int agiPort, long readyNanos) {
        this.process = process;
        this.data = data;
        this.log = log;
        this.httpPort = httpPort;
        this.agiPort = agiPort;
        this.readyNanos = readyNanos;
    }

    /** Starts it on an emptied {@code target/<name>} with {@code extra} environment, and waits until it is ready. */
    static PackagedService start(String name, Map<String, String> extra) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no packaged service at " + JAR + ": run mvn -B package -DskipTests first");
        Path data = Path.of("target", name).toAbsolutePath();
        delete(data);
        return on(JAR.getParent(), data, data.resolveSibling(name + ".log"), extra, Duration.ofMinutes(2));
    }

    /**
     * Starts the build in {@code app} (a {@code target/quarkus-app}) as the README runs it, from that build's
     * project directory (its class archive names the jar by that relative path), on the data directory {@code data}
     * as it is, logging to {@code log}; waits up to {@code within} until it is ready.
     */
    static PackagedService on(Path app, Path data, Path log, Map<String, String> extra, Duration within) throws Exception {
        Path project = app.toAbsolutePath().getParent().getParent();
        Path jar = project.relativize(app.toAbsolutePath().resolve("quarkus-run.jar"));
        assertTrue(Files.isRegularFile(project.resolve(jar)), "no packaged service at " + app
                + ": run mvn -B package -DskipTests first");
        int httpPort = ServiceBench.freePort();
        int agiPort = ServiceBench.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path archive = app.toAbsolutePath().resolve("app-cds.jsa");
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + project.relativize(archive));
        }
        command.addAll(ServiceBench.options().stream().filter(o -> !o.startsWith("-XX:SharedArchiveFile=")).toList());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HOTLINE_"));
        env.put("HOTLINE_DATA_DIR", data.toString());
        env.put("HOTLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("HOTLINE_AGI_PORT", Integer.toString(agiPort));
        env.putAll(extra);
        long started = System.nanoTime();
        Process p = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long until = started + within.toNanos();
        while (true) {
            assertTrue(p.isAlive(), "the service exited; see " + log);
            assertTrue(System.nanoTime() < until, "not ready within " + within + "; see " + log);
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return new PackagedService(p, data, log, httpPort, agiPort, System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(10);
        }
    }

    String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    /** A JDBC connection to its embedded database, as superuser. */
    Connection database() throws Exception {
        Matcher m = DB_PORT.matcher(Files.readString(log));
        assertTrue(m.find(), "the log names the embedded database's port");
        String password = Files.readAllLines(data.resolve("postgres.password")).get(0).trim();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + m.group(1) + "/postgres?user=postgres&password="
                + password);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(2, TimeUnit.MINUTES);
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
