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

    private PackagedService(Process process, Path data, Path log, int httpPort, int agiPort) {
        this.process = process;
        this.data = data;
        this.log = log;
        this.httpPort = httpPort;
        this.agiPort = agiPort;
    }

    /** Starts it on an emptied {@code target/<name>} with {@code extra} environment, and waits until it is ready. */
    static PackagedService start(String name, Map<String, String> extra) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no packaged service at " + JAR + ": run mvn -B package -DskipTests first");
        Path data = Path.of("target", name).toAbsolutePath();
        delete(data);
        Path log = data.resolveSibling(name + ".log");
        int httpPort = ServiceBench.freePort();
        int agiPort = ServiceBench.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ServiceBench.options());
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HOTLINE_"));
        env.put("HOTLINE_DATA_DIR", data.toString());
        env.put("HOTLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("HOTLINE_AGI_PORT", Integer.toString(agiPort));
        env.putAll(extra);
        Process p = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            assertTrue(p.isAlive(), "the service exited; see " + log);
            assertTrue(System.nanoTime() < until, "not ready within 2 minutes; see " + log);
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new PackagedService(p, data, log, httpPort, agiPort);
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
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
