package com.evhotline.db;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the packaged service on its embedded PostgreSQL, kills it with SIGKILL, starts it again on the same
 * data and reads back what it wrote; then stops it with SIGTERM and checks no PostgreSQL is left running.
 * Two calls the killed service had answered end while it is down, and one begins and ends then: once it is
 * back, each is a finished call record on a ticket (from its CDR, or without one from what was seen).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PackagedJarRestartIT {

    private static final String ADMIN_PASSWORD = "restart-it-root-pw";
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);
    private static final Duration EXIT_WITHIN = Duration.ofMinutes(1);
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private final List<Process> services = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private Path dataDir;
    private final com.evhotline.support.ami.FakeAmiServer pbx = com.evhotline.support.ami.FakeAmiServer.start("hotline",
            "restart-it-ami");
    private final int agiPort = freePortUnchecked();

    @Test
    void aTicketSurvivesAKilledServiceAndTheEmbeddedDatabaseStopsWithTheService() throws Exception {
        long started = System.nanoTime();
        dataDir = Files.createTempDirectory(Files.createDirectories(TARGET), "restart-it-data-");

        int firstPort = freePort();
        Process first = startService(firstPort, "first");
        awaitReady(first, firstPort);
        assertDurable();
        assertPasswordRequired();
        long firstPostmaster = postmasterPid().orElseThrow(() -> new AssertionError("no postmaster.pid" + logTail()));

        Response created = api(firstPort).body(Map.of("callerNumber", "13800000000")).post("/api/tickets");
        assertEquals(201, created.statusCode(), () -> "open ticket: " + created.asString() + logTail());
        long id = created.jsonPath().getLong("id");
        String number = created.jsonPath().getString("number");
        assertTrue(number != null && !number.isBlank(), () -> "ticket without number: " + created.asString());
        assertTicket(firstPort, id, number);
        // two calls the routing script answers; the service is killed before the PBX tells how they end
        long now = System.currentTimeMillis() / 1000;
        String answered = now + ".101";
        String unheard = now + ".102";
        for (String call : List.of(answered, unheard)) {
            com.evhotline.support.agi.FakeAgiClient.call().callerId("13900000" + call.substring(call.length() - 3))
                    .linkedId(call).uniqueId(call).run("127.0.0.1", agiPort);
        }
        awaitSql("both calls on their tickets, in progress", "SELECT count(*) FROM call_record WHERE linked_id IN ('"
                + answered + "', '" + unheard + "') AND ticket_id IS NOT NULL AND outcome = 'IN_PROGRESS'", "2");

        // a crash: SIGKILL to the JVM itself (we started java directly, there is no wrapper); its postmaster lives on
        first.destroyForcibly();
        assertTrue(first.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS), () -> "JVM survived SIGKILL" + logTail());
        boolean leftBehind = alive(firstPostmaster);
        // while no service runs: the answered call's CDR arrives (an agent took it), the other's never does, and a
        // third call begins and ends with only its CDR to tell it
        String whileDown = (now + 1) + ".103";
        sql("INSERT INTO cdr (calldate, src, dst, dcontext, channel, dstchannel, lastapp, start, answer, \"end\","
                + " duration, billsec, disposition, uniqueid, linkedid) VALUES"
                + " (now() AT TIME ZONE 'UTC', '13900000101', '4008001234', 'hotline-in', 'PJSIP/trunk-00000001',"
                + " 'PJSIP/admin-00000002', 'Queue', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',"
                + " now() AT TIME ZONE 'UTC', 30, 25, 'ANSWERED', '" + answered + "', '" + answered + "'),"
                + " (now() AT TIME ZONE 'UTC', '13900000103', '4008001234', 'hotline-in', 'PJSIP/trunk-00000003', '',"
                + " 'Queue', now() AT TIME ZONE 'UTC', '1970-01-01 00:00:00', now() AT TIME ZONE 'UTC', 40, 0, 'NO ANSWER', '"
                + whileDown + "', '" + whileDown + "')");

        int secondPort = freePort();
        Process second = startService(secondPort, "second");
        awaitReady(second, secondPort);
        assertFalse(alive(firstPostmaster),
                () -> "the killed service's postmaster " + firstPostmaster + " still runs beside the new one" + logTail());
        assertDurable();
        assertTicket(secondPort, id, number);
        awaitSql("the calls the killed service left open, and the one that passed while it was down, settled",
                "SELECT string_agg(linked_id || ' ' || outcome || ' ' || (ticket_id IS NOT NULL) || ' ' || outcome_applied,"
                        + " ', ' ORDER BY linked_id) FROM call_record WHERE linked_id IN ('" + answered + "', '" + unheard
                        + "', '" + whileDown + "')",
                answered + " ANSWERED true true, " + unheard + " MISSED true true, " + whileDown + " ABANDONED true true");
        long secondPostmaster = postmasterPid().orElseThrow(() -> new AssertionError("no postmaster.pid" + logTail()));

        // a burst of calls the script answers right before the stop: a graceful stop puts each on its ticket first
        List<String> burst = java.util.stream.IntStream.range(0, 40).mapToObj(i -> (now + 2) + "." + (200 + i)).toList();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (var answer : callers.invokeAll(burst.stream().map(call -> (java.util.concurrent.Callable<Object>) () ->
                    com.evhotline.support.agi.FakeAgiClient.call().callerId("1390001" + call.substring(call.length() - 4))
                            .linkedId(call).uniqueId(call).run("127.0.0.1", agiPort)).toList())) {
                answer.get();
            }
        } finally {
            callers.shutdown();
        }
        second.destroy(); // SIGTERM: a graceful stop must take the embedded PostgreSQL down with it
        assertTrue(second.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS),
                () -> "service did not stop within " + EXIT_WITHIN + " of SIGTERM" + logTail());
        assertFalse(alive(secondPostmaster), () -> "postmaster " + secondPostmaster + " outlived the service" + logTail());
        OptionalLong pidLeft = postmasterPid();
        assertTrue(pidLeft.isEmpty() || !alive(pidLeft.getAsLong()),
                () -> "a PostgreSQL still runs on " + dataDir + ": pid " + pidLeft + logTail());
        // the server's own log shows it going down; that must not come before the service has stopped
        String secondLog = Files.readString(logs.get(1));
        int dbDown = secondLog.indexOf("received fast shutdown request");
        assertTrue(dbDown < 0 || dbDown > secondLog.indexOf("hotline stopped in"),
                () -> "the embedded PostgreSQL stopped while the service was still stopping" + logTail());
        String stopping = secondLog.substring(Math.max(0, secondLog.indexOf("hotline stopped in") - 4000));
        assertFalse(stopping.contains(" ERROR "), () -> "a normal stop logs no error" + logTail());

        // with the service gone and nothing replaying its journal: every call it answered is on its ticket
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM call_record WHERE ticket_id IS NOT NULL AND linked_id IN ('"
                        + String.join("', '", burst) + "')")) {
            rs.next();
            assertEquals(burst.size(), rs.getInt(1), () -> "calls answered before SIGTERM but not on their tickets" + logTail());
        }

        System.out.printf("PackagedJarRestartIT: postmaster left behind by the kill: %s; took %d s%n", leftBehind,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        deleteDataDir(); // only when all went well: a failed run's data stays in target/ to be looked at
    }

    /** Runs SQL on the embedded database as its owner (the service may be down). */
    private void sql(String statement) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection(embeddedUrl(), "postgres", embeddedPassword()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The password the service made for its embedded database, in the file beside it. */
    private String embeddedPassword() throws IOException {
        return Files.readAllLines(dataDir.resolve("postgres.password")).get(0).trim();
    }

    private String embeddedUrl() throws IOException {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        return "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres";
    }

    /** Waits until the query's one value is {@code expected}. */
    private void awaitSql(String what, String query, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(embeddedUrl(), "postgres", embeddedPassword());
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                last = rs.next() ? rs.getString(1) : null;
            }
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(200); // polls the database the service writes; no clock of ours involved
        }
        fail(what + ": expected " + expected + ", last " + last + logTail());
    }

    @AfterEach
    void stopEverythingWeStarted() throws Exception {
        pbx.close();
        for (Process service : services) {
            if (service.isAlive()) {
                service.destroyForcibly();
                service.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        }
        if (dataDir == null) {
            return;
        }
        // a failed run may leave a postmaster behind: no process may outlive the test
        OptionalLong pid = postmasterPid();
        if (pid.isPresent() && alive(pid.getAsLong())) {
            ProcessHandle postmaster = ProcessHandle.of(pid.getAsLong()).orElseThrow();
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            postmaster.onExit().get(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private Process startService(int port, String name) throws IOException {
        Path log = TARGET.resolve("PackagedJarRestartIT-" + name + ".log");
        logs.add(log);
        // the README's run command, from the project's directory: its class archive names the jar by that path
        String jar = "target/quarkus-app/quarkus-run.jar";
        assertTrue(Files.isRegularFile(Path.of(jar)), () -> "no packaged jar at " + jar + " (run mvn verify)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa"));
        command.addAll(List.of(System.getProperty("service.jvm", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // no configured database: the service must run its embedded one
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_DATASOURCE") || k.startsWith("HOTLINE_"));
        env.put("HOTLINE_DATA_DIR", dataDir.toString());
        env.put("HOTLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HOTLINE_AGI_PORT", Integer.toString(agiPort)); // not the shared default 4573
        env.put("HOTLINE_AMI_HOST", "127.0.0.1");
        env.put("HOTLINE_AMI_PORT", Integer.toString(pbx.port()));
        env.put("HOTLINE_AMI_PASSWORD", "restart-it-ami");
        env.put("HOTLINE_CDR_SETTLE_AFTER", "PT2S"); // a call left open without a CDR is settled 2 s after it is found
        Process service = builder.start();
        services.add(service);
        return service;
    }

    private void awaitReady(Process service, int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                fail("service exited with " + service.exitValue() + " before it was ready" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            service.waitFor(250, TimeUnit.MILLISECONDS); // the poll's pause, cut short if the service dies
        }
        fail("not ready within " + READY_WITHIN + ", last: " + last + logTail());
    }

    private void assertTicket(int port, long id, String number) {
        Response read = api(port).get("/api/tickets/" + id);
        assertEquals(200, read.statusCode(), () -> "read ticket " + id + ": " + read.asString() + logTail());
        assertEquals(id, read.jsonPath().getLong("id"), () -> read.asString() + logTail());
        assertEquals(number, read.jsonPath().getString("number"), () -> read.asString() + logTail());
    }

    /**
     * Nobody reaches the embedded database around the service: a connection without the password, or
     * with a wrong one, is refused; the password's file is the service user's alone; no Unix socket.
     */
    private void assertPasswordRequired() throws IOException {
        String url = embeddedUrl();
        for (String wrong : new String[] {"", "postgres", "wrong"}) {
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url, "postgres", wrong).close(), "connecting with '" + wrong + "'");
            assertTrue(List.of("28P01", "08004").contains(refused.getSQLState()), refused::getMessage);
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("postgres.password"))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("postgres"))));
        assertEquals("", Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(4).trim(),
                "the server has no Unix socket");
    }

    /** The embedded server must not lose a committed ticket: fsync and synchronous commit on. */
    private void assertDurable() throws IOException, SQLException {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        String url = "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", embeddedPassword()); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    assertTrue(rs.next());
                    assertEquals("on", rs.getString(1), () -> setting + " of the embedded PostgreSQL" + logTail());
                }
            }
        }
    }

    private OptionalLong postmasterPid() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        } catch (NoSuchFileException noServer) {
            return OptionalLong.empty();
        }
        return lines.isEmpty() || lines.get(0).isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    }

    /** Running, not a zombie: an orphaned postmaster that has exited waits a while for init to reap it. */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc"))) {
            return true;
        }
        try {
            String line = Files.readString(stat);
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException goneMeanwhile) {
            return false;
        }
    }

    private static RequestSpecification api(int port) {
        return given().baseUri("http://localhost").port(port)
                .auth().preemptive().basic("admin", ADMIN_PASSWORD)
                .contentType(ContentType.JSON);
    }

    /** The end of every service log, for failure messages; the whole logs stay in target/. */
    private String logTail() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append("\n----- ").append(log).append(" (last 150 lines) -----\n");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                out.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    private void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
