package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * The packaged service alone, run as the README runs it ({@code java} with the {@code hotline.jvm}
 * options and the build's class archive, from the project's directory, on its embedded database): how
 * long it takes from {@code java -jar} to {@code /q/health/ready} answering 200 on an existing
 * database, how long a SIGTERM stop takes and whether it logs an error, and its resident memory
 * (VmRSS, sampled every 100 ms) while FastAGI calls arrive at 400/s from this JVM.
 *
 * <p>Needs the packaged service: {@code mvn -B package -DskipTests} first. Sizes:
 * {@code -Dbench.service.starts} (5 starts measured after the first, which creates the database),
 * {@code -Dbench.service.calls} (10,000 measured calls after a warm-up of {@code -Dbench.service.warmup}
 * 4,000), {@code -Dbench.service.rate} (400 calls/s).
 */
class ServiceBench {

    static final int STARTS = Integer.getInteger("bench.service.starts", 5);
    static final int CALLS = Integer.getInteger("bench.service.calls", 10_000);
    static final int WARMUP = Integer.getInteger("bench.service.warmup", 4_000);
    static final int RATE = Integer.getInteger("bench.service.rate", 400);
    static final int CLIENTS = 50;
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path ARCHIVE = Path.of("target/quarkus-app/app-cds.jsa");
    static final Path DATA = Path.of("target/service-bench").toAbsolutePath();
    static final Duration READY_WITHIN = Duration.ofMinutes(2);
    static final Pattern DB_PORT = Pattern.compile("Embedded PostgreSQL on port (\\d+)");

    private final List<String> report = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int httpPort = freePort();
    private final int agiPort = freePort();

    @Test
    void benchmark() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no packaged service at " + JAR + ": run mvn -B package -DskipTests first");
        deleteData();
        Running first = start("first start (creates the database)");
        stop(first);
        long[] ready = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            Running s = start("start " + (i + 1));
            ready[i] = s.readyNanos;
            if (i < STARTS - 1) {
                stop(s);
            } else {
                underLoad(s);
                stop(s);
            }
        }
        long[] sorted = ready.clone();
        Arrays.sort(sorted);
        report.add(1, String.format(Locale.ROOT, "%-34s %s; median %.2f s, best %.2f s", "start to ready, existing database",
                Arrays.stream(ready).mapToObj(n -> String.format(Locale.ROOT, "%.2f s", n / 1e9)).toList(),
                sorted[sorted.length / 2] / 1e9, sorted[0] / 1e9));
        System.out.println();
        System.out.println("=== The packaged service (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version") + "; options: " + options() + ") ===");
        report.forEach(System.out::println);
        System.out.println("===");
    }

    /** A running service: its process, its log and how long it took to be ready. */
    record Running(Process process, Path log, long readyNanos) {
    }

    private Running start(String name) throws Exception {
        Path log = DATA.resolveSibling("service-bench-" + name.replaceAll("[^a-z0-9]+", "-") + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options());
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HOTLINE_"));
        env.put("HOTLINE_DATA_DIR", DATA.toString());
        env.put("HOTLINE_ADMIN_PASSWORD", "service-bench-root-pw");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("HOTLINE_AGI_PORT", Integer.toString(agiPort));
        long started = System.nanoTime();
        Process p = builder.start();
        long until = started + READY_WITHIN.toNanos();
        while (!ready()) {
            assertTrue(p.isAlive(), () -> name + ": the service exited; see " + log);
            assertTrue(System.nanoTime() < until, () -> name + ": not ready within " + READY_WITHIN + "; see " + log);
            Thread.sleep(10);
        }
        long took = System.nanoTime() - started;
        if (name.startsWith("first")) {
            report.add(String.format(Locale.ROOT, "%-34s %.2f s", name, took / 1e9));
        }
        return new Running(p, log, took);
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stop(Running s) throws Exception {
        long t0 = System.nanoTime();
        s.process().destroy(); // SIGTERM
        assertTrue(s.process().waitFor(2, TimeUnit.MINUTES), "the service stops on SIGTERM");
        long took = System.nanoTime() - t0;
        List<String> errors = Files.readAllLines(s.log()).stream().filter(l -> l.contains(" ERROR ")).toList();
        assertTrue(errors.isEmpty(), () -> "errors logged by " + s.log() + ": " + errors);
        if (report.stream().noneMatch(l -> l.startsWith("stop on SIGTERM"))) {
            report.add(String.format(Locale.ROOT, "%-34s %.2f s, exit %d, no ERROR logged", "stop on SIGTERM", took / 1e9,
                    s.process().exitValue()));
        }
    }

    /** Calls at the rate: a warm-up, then the measured run, with the service's VmRSS sampled throughout. */
    private void underLoad(Running s) throws Exception {
        long pid = s.process().pid();
        report.add(String.format(Locale.ROOT, "%-34s %,d MiB", "resident memory, idle after start", rssKb(pid) / 1024));
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rssKb(pid), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        sampler.setDaemon(true);
        calls("w", WARMUP);
        peak.set(0);
        sampler.start();
        long[] ns = calls("m", CALLS);
        sampler.interrupt();
        report.add(String.format(Locale.ROOT, "%-34s %,d calls: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                "FastAGI at " + RATE + "/s arriving", CALLS, ns[ns.length / 2] / 1e6, pct(ns, 90) / 1e6,
                pct(ns, 99) / 1e6, ns[ns.length - 1] / 1e6));
        report.add(String.format(Locale.ROOT, "%-34s at most %,d MiB during the run, %,d MiB after it",
                "resident memory under load", peak.get() / 1024, rssKb(pid) / 1024));
        checkTickets(s, CALLS);
    }

    private final String phase = Long.toString(1_800_000_000L + System.currentTimeMillis() / 1000 % 10_000 * 10);
    private final AtomicLong caller = new AtomicLong();

    /** {@code calls} calls arriving at {@link #RATE}/s (Poisson), each from a new number: latencies sorted, in ns. */
    private long[] calls(String tag, int calls) throws Exception {
        return calls(agiPort, phase, "+86136", caller, tag, calls, RATE);
    }

    /**
     * {@code calls} FastAGI calls to a service's {@code agiPort}, arriving at {@code rate}/s (Poisson) from
     * {@link #CLIENTS} clients, each from a new number ({@code prefix} and 8 digits, {@code caller} counts them) with linked id
     * {@code phase.tag<i>}: latencies from each call's arrival, sorted, in ns. Every call must be told a ticket
     * number of its own.
     */
    static long[] calls(int agiPort, String phase, String prefix, AtomicLong caller, String tag, int calls, int rate) throws Exception {
        long[] arrival = FastAgiBench.arrivals(calls, rate);
        long[] latency = new long[calls];
        String[] errors = new String[calls];
        Set<String> tickets = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime() + 50_000_000L;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = client; i < calls; i += CLIENTS) {
                        long wait = started + arrival[i] - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        String linkedId = phase + "." + tag + i;
                        AgiResult r = FakeAgiClient.call()
                                .callerId(prefix + String.format("%08d", caller.incrementAndGet()))
                                .linkedId(linkedId).uniqueId(linkedId).linkedIdAsArgument()
                                .channel("PJSIP/trunk-" + String.format("%08x", i)).run("127.0.0.1", agiPort);
                        latency[i] = System.nanoTime() - (started + arrival[i]);
                        String ticket = r.variables().get("HOTLINE_TICKET");
                        errors[i] = r.error() != null ? r.error() : ticket == null ? "no ticket" : null;
                        if (ticket != null) {
                            tickets.add(ticket);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        List<String> failed = Arrays.stream(errors).filter(e -> e != null).toList();
        assertTrue(failed.isEmpty(), () -> failed.size() + " call(s) failed, e.g. " + failed.get(0));
        assertEquals(calls, tickets.size(), "every call was told a ticket number of its own");
        Arrays.sort(latency);
        return latency;
    }

    /** Every measured call has its call record on a ticket in the service's database. */
    private void checkTickets(Running s, int calls) throws Exception {
        Matcher m = DB_PORT.matcher(Files.readString(s.log()));
        assertTrue(m.find(), "the log names the embedded database's port");
        String password = Files.readAllLines(DATA.resolve("postgres.password")).get(0).trim();
        String url = "jdbc:postgresql://localhost:" + m.group(1) + "/postgres?user=postgres&password=" + password;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long onTickets;
        do {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM call_record WHERE ticket_id IS NOT NULL"
                            + " AND linked_id LIKE '" + phase + ".m%'")) {
                rs.next();
                onTickets = rs.getLong(1);
            }
        } while (onTickets < calls && System.nanoTime() < until && sleep());
        assertEquals(calls, onTickets, "every measured call is on its ticket in the database");
    }

    static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    static List<String> options() {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(ARCHIVE)) {
            out.add("-XX:SharedArchiveFile=" + ARCHIVE);
        }
        Arrays.stream(System.getProperty("service.jvm", "").trim().split("\\s+")).filter(o -> !o.isEmpty())
                .forEach(out::add);
        return out;
    }

    private static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return 0;
    }

    private static void deleteData() throws IOException {
        if (!Files.exists(DATA)) {
            return;
        }
        try (Stream<Path> all = Files.walk(DATA)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
        assertFalse(Files.exists(DATA));
    }

    /** The p-th percentile of sorted figures (nearest rank). */
    static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
