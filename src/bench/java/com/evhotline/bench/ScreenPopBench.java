package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The screen pop, end to end on the packaged service: {@value #AGENTS} agents logged in through the login form,
 * each with the console's live connection open (server-sent events); FastAGI calls arrive at {@link #RATE}/s
 * (Poisson), each from a new number. Measured for every call and every agent: from the FastAGI request being
 * sent to that agent's connection receiving the call's pop-up. Every agent must get every call.
 * Run {@code mvn -B package -DskipTests} first. -Dbench.pop.calls (default 1,200), -Dbench.pop.rate (20),
 * -Dbench.pop.agents (50).
 */
class ScreenPopBench {

    static final int AGENTS = Integer.getInteger("bench.pop.agents", 50);
    static final int RATE = Integer.getInteger("bench.pop.rate", 20);
    static final int CALLS = Integer.getInteger("bench.pop.calls", 1_200);
    static final int WARMUP = Integer.getInteger("bench.pop.warmup", 200);
    static final String PASSWORD = "bench-agent-password-2046";
    static final Pattern CALLER = Pattern.compile("\\+86137(\\d{8})");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** When each call's FastAGI request was sent (nanoTime), by the caller's serial. */
    private final Map<Integer, Long> sent = new ConcurrentHashMap<>();
    /** For each agent, when each call's pop-up reached it (nanoTime), by the caller's serial. */
    private final List<Map<Integer, Long>> received = new ArrayList<>();
    private final AtomicLong serial = new AtomicLong();

    @Test
    void benchmark() throws Exception {
        try (PackagedService service = PackagedService.start("screen-pop-bench", Map.of())) {
            List<String> cookies = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                cookies.add(logIn(service, agent(service, a)));
            }
            CountDownLatch open = new CountDownLatch(AGENTS);
            ExecutorService readers = Executors.newFixedThreadPool(AGENTS);
            for (String cookie : cookies) {
                Map<Integer, Long> mine = new ConcurrentHashMap<>();
                received.add(mine);
                readers.submit(() -> listen(service, cookie, mine, open));
            }
            assertTrue(open.await(30, TimeUnit.SECONDS), "every agent's live connection opened");
            calls(service, WARMUP);
            int first = (int) serial.get() + 1;
            long t0 = System.nanoTime();
            calls(service, CALLS);
            long lastSent = System.nanoTime();
            int last = (int) serial.get();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.stream().anyMatch(m -> m.keySet().stream().filter(k -> k >= first).count() < CALLS)
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            readers.shutdownNow();
            long[] ms = new long[CALLS * AGENTS];
            int n = 0;
            long missing = 0;
            for (Map<Integer, Long> mine : received) {
                for (int c = first; c <= last; c++) {
                    Long at = mine.get(c);
                    if (at == null) {
                        missing++;
                    } else {
                        ms[n++] = (at - sent.get(c)) / 1_000;
                    }
                }
            }
            long[] got = Arrays.copyOf(ms, n);
            Arrays.sort(got);
            System.out.println();
            System.out.println("=== ScreenPopBench (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
            System.out.printf(Locale.ROOT, "%-44s %,d calls at %d/s in %.1f s, %d agents: %,d pop-ups received,"
                    + " %,d missing%n", "FastAGI request -> pop-up on each agent's page", CALLS, RATE,
                    (lastSent - t0) / 1e9, AGENTS, n, missing);
            System.out.printf(Locale.ROOT, "%-44s p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", "",
                    ServiceBench.pct(got, 50) / 1e3, ServiceBench.pct(got, 90) / 1e3, ServiceBench.pct(got, 99) / 1e3,
                    got[got.length - 1] / 1e3);
            System.out.println("===");
            assertEquals(0, missing, "every agent got every call");
        }
    }

    /** An agent (who also stands in on duty, so that calls pop up whichever way they are routed) with a login. */
    private String agent(PackagedService service, int i) throws Exception {
        String username = "bench-agent-" + i;
        String body = String.format(Locale.ROOT, "{\"name\":\"Bench Agent %d\",\"roles\":[\"agent\",\"duty\"],"
                + "\"mobile\":\"+86139000%05d\",\"username\":\"%s\",\"password\":\"%s\"}", i, i, username, PASSWORD);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.url("/api/staff")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:"
                        + PackagedService.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return username;
    }

    /** Logs in through the form, as a browser does: the session cookie. */
    private String logIn(PackagedService service, String username) throws Exception {
        String form = "j_username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(service.url("/j_security_check")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(302, r.statusCode(), "the login form answers with a redirect");
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("quarkus-credential="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new AssertionError("no session"));
    }

    /** Reads one agent's live connection: the time each call's pop-up arrives. */
    private Void listen(PackagedService service, String cookie, Map<Integer, Long> mine, CountDownLatch open)
            throws Exception {
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(service.url("/console/events")))
                .header("Cookie", cookie).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        open.countDown();
        try (Stream<String> lines = r.body()) {
            lines.forEach(l -> {
                if (l.startsWith("data:")) {
                    Matcher m = CALLER.matcher(l);
                    if (m.find()) {
                        mine.putIfAbsent(Integer.parseInt(m.group(1)), System.nanoTime());
                    }
                }
            });
        }
        return null;
    }

    /** {@code calls} calls arriving at the rate, each from a new number. */
    private void calls(PackagedService service, int calls) throws Exception {
        long[] arrival = FastAgiBench.arrivals(calls, RATE);
        ExecutorService pbx = Executors.newFixedThreadPool(8);
        long started = System.nanoTime() + 50_000_000L;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                running.add(pbx.submit(() -> {
                    for (int i = client; i < calls; i += 8) {
                        long wait = started + arrival[i] - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int caller = (int) serial.incrementAndGet();
                        String linkedId = "1796000000." + caller;
                        sent.put(caller, System.nanoTime());
                        AgiResult r = FakeAgiClient.call().callerId("+86137" + String.format("%08d", caller))
                                .linkedId(linkedId).uniqueId(linkedId).run("127.0.0.1", service.agiPort);
                        assertTrue(r.error() == null, r.error());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pbx.shutdownNow();
        }
    }
}
