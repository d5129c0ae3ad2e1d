package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged service delivering SMS to an HTTP gateway that answers in 50 ms, on its embedded database:
 * (1) alerts written at 200/s, each as the firing statement writes it (an inbox message in its own
 * transaction), timed from that commit to the gateway receiving the request; (2) 10,000 messages queued while
 * the gateway refuses everything for 60 s, then the time the outbox takes to drain after it recovers, and a
 * check that every message reached the phones once. Run {@code mvn -B package -DskipTests} first.
 * -Dbench.delivery.seconds (default 60), -Dbench.delivery.rate (200), -Dbench.delivery.backlog (10000).
 */
class DeliveryBench {

    static final int SECONDS = Integer.getInteger("bench.delivery.seconds", 60);
    static final int RATE = Integer.getInteger("bench.delivery.rate", 200);
    static final int BACKLOG = Integer.getInteger("bench.delivery.backlog", 10_000);
    static final int OUTAGE_SECONDS = Integer.getInteger("bench.delivery.outage", 60);
    static final Pattern MARK = Pattern.compile("bench-([a-z]+)-(\\d+)");

    private final List<String> report = new ArrayList<>();
    /** When the gateway first received each message (by its mark), nanoTime. */
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acceptedPerKey = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean refusing;

    @Test
    void benchmark() throws Exception {
                HttpServer gateway = gateway();
        try (PackagedService service = PackagedService.start("delivery-bench", Map.of(
                "HOTLINE_SMS_URL", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms", "HOTLINE_SMS_TOKEN", "bench"));
                Connection db = service.database()) {
            long staff = staff(db);
            latency(db, staff);
            drain(db, staff);
        } finally {
            gateway.stop(0);
        }
        System.out.println("=== DeliveryBench ===");
        report.forEach(System.out::println);
        System.out.println("===");
    }

    /** Alerts at the rate, each committed alone; latency from the commit to the gateway's receipt. */
    private void latency(Connection db, long staff) throws Exception {
        int n = SECONDS * RATE;
        long[] committed = new long[n];
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        try (PreparedStatement insert = db.prepareStatement(inboxMessage())) {
            for (int i = 0; i < n; i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                insert.setString(1, "bench-alert-" + i);
                insert.setLong(2, staff);
                insert.setString(3, "bench-alert-" + i);
                insert.executeUpdate();
                committed[i] = System.nanoTime();
            }
        }
        awaitArrivals("alert", n, Duration.ofMinutes(2));
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            ms[i] = (arrived.get("alert-" + i) - committed[i]) / 1_000_000;
        }
        Arrays.sort(ms);
        report.add(String.format(Locale.ROOT, "%-44s %,d alerts at %d/s: p50 %d ms, p99 %d ms, max %d ms",
                "alert written -> SMS gateway has it", n, RATE, ServiceBench.pct(ms, 50), ServiceBench.pct(ms, 99), ms[n - 1]));
    }

    /** A backlog queued during a gateway outage, drained after it. */
    private void drain(Connection db, long staff) throws Exception {
        int before = requests.get();
        refusing = true;
        try (Statement st = db.createStatement()) {
            assertEquals(BACKLOG, st.executeUpdate("INSERT INTO notification (created_at, source, kind, channel,"
                    + " recipient_staff_id, subject, state, delivered_at, planned) SELECT now(), 'bench-backlog-' || g,"
                    + " 'DEADLINE_WARNING', 'WEB', " + staff + ", 'bench-backlog-' || g, 'DELIVERED', now(), false"
                    + " FROM generate_series(0, " + (BACKLOG - 1) + ") g"));
        }
        Thread.sleep(OUTAGE_SECONDS * 1000L);
        int refused = requests.get() - before;
        refusing = false;
        long recovered = System.nanoTime();
        awaitArrivals("backlog", BACKLOG, Duration.ofMinutes(15));
        long last = arrived.entrySet().stream().filter(e -> e.getKey().startsWith("backlog-"))
                .mapToLong(Map.Entry::getValue).max().orElseThrow();
        long twice = acceptedPerKey.values().stream().filter(c -> c.get() > 1).count();
        report.add(String.format(Locale.ROOT, "%-44s %,d messages, %,d refused requests in %d s; drained %.1f s after"
                + " recovery; delivered twice: %d", "backlog through a gateway outage", BACKLOG, refused, OUTAGE_SECONDS,
                (last - recovered) / 1e9, twice));
        assertEquals(0, twice, "no message reaches a phone twice");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long recorded;
        do {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM notification"
                    + " WHERE channel = 'SMS' AND subject LIKE 'bench-backlog-%' AND state = 'ACCEPTED'")) {
                rs.next();
                recorded = rs.getLong(1);
            }
        } while (recorded < BACKLOG && System.nanoTime() < until && ServiceBench.sleep());
        report.add(String.format(Locale.ROOT, "%-44s %,d of %,d", "recorded as accepted", recorded, BACKLOG));
        assertEquals(BACKLOG, recorded, "every message recorded as accepted");
    }

    /** The inbox row the firing statement writes for one person; the planner sends it on by SMS. */
    private static String inboxMessage() {
        return "INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, subject, state,"
                + " delivered_at, planned) VALUES (now(), ?, 'DEADLINE_WARNING', 'WEB', ?, ?, 'DELIVERED', now(), false)";
    }

    private void awaitArrivals(String kind, int n, Duration bound) throws InterruptedException {
        long until = System.nanoTime() + bound.toNanos();
        while (arrived.keySet().stream().filter(k -> k.startsWith(kind + "-")).count() < n) {
            assertTrue(System.nanoTime() < until, kind + ": not all delivered within " + bound);
            Thread.sleep(50);
        }
    }

    private HttpServer gateway() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/sms", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        return server;
    }

    private void handle(HttpExchange x) throws IOException {
        long now = System.nanoTime();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.incrementAndGet();
        LockSupport.parkNanos(50_000_000L); // the gateway's own 50 ms
        int status = refusing ? 503 : 202;
        if (!refusing) {
            Matcher m = MARK.matcher(body);
            if (m.find()) {
                arrived.putIfAbsent(m.group(1) + "-" + m.group(2), now);
            }
            acceptedPerKey.computeIfAbsent(x.getRequestHeaders().getFirst("Idempotency-Key"), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        byte[] answer = (refusing ? "{\"error\":\"down\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, answer.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(answer);
        }
    }

    private static long staff(Connection db) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("INSERT INTO staff (name, mobile,"
                + " active, created_at) VALUES ('Bench Owner', '+8613900000009', true, now()) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
