package com.evhotline.bench;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.service.CallIntake;
import com.evhotline.support.Api;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The routing script under load, as issue 3 asks: 50 concurrent FastAGI clients (threads) placing
 * calls over the wire with {@link FakeAgiClient} (a new connection per call, as Asterisk does), every
 * call from a new caller number with a new linked id, so every call opens a ticket (customer,
 * deadlines, timers, events) before it is answered. A warm-up is not measured.
 *
 * <p>Two kinds of load. <b>Arrivals at a rate</b> (open loop): calls arrive as a Poisson process at
 * {@code -Dbench.agi.rates} calls per second and are placed by the 50 clients in turn (client c places
 * every 50th, from the c-th), at most 50 in flight; a call's latency runs from its arrival (not from when
 * its client was free), so a stall shows in full.
 * <b>Back to back</b> (closed loop, saturation): each of the 50 clients starts its next call when the
 * last one ends; the latency is then 50 ÷ throughput by Little's law, so this run measures the
 * throughput of the machine (which also runs the 50 clients and the database) more than latency.
 *
 * <p>Prints p50/p90/p99/max and throughput; asserts only correctness: every call answered, one call
 * record and one ticket per call, and the number the PBX was told is the number in the database.
 * The script answers before the database has the call (from memory, once the call is journalled);
 * how long the write behind the answer takes is printed too, from the intake's
 * {@code hotline.agi.ticket.written} timer, and calls the database put on another ticket than the one
 * the PBX was told are counted from the intake's log line.
 *
 * <p>Sizes: {@code -Dbench.agi.calls} (default 10000 per run), {@code -Dbench.agi.warmup} (1000),
 * {@code -Dbench.agi.clients} (50), {@code -Dbench.agi.rates} (200,400), {@code -Dbench.agi.afterHours=false}
 * to skip the FORWARD runs.
 */
@QuarkusTest
class FastAgiBench {

    static final int CALLS = Integer.getInteger("bench.agi.calls", 10_000);
    static final int WARMUP = Integer.getInteger("bench.agi.warmup", 1_000);
    /** The longest the warm-up at a rate goes on waiting for the JIT to settle ({@code -Dbench.agi.warmupMaxSeconds}). */
    static final int WARMUP_MAX_SECONDS = Integer.getInteger("bench.agi.warmupMaxSeconds", 300);
    /** Calls per slice of the warm-up at a rate. */
    static final int WARMUP_SLICE = 2_000;
    /** Slices in a row the JIT must stay quiet in before the warm-up ends ({@code -Dbench.agi.quietSlices}). */
    static final int QUIET_SLICES = Integer.getInteger("bench.agi.quietSlices", 3);
    static final int CLIENTS = Integer.getInteger("bench.agi.clients", 50);
    static final boolean AFTER_HOURS = Boolean.parseBoolean(System.getProperty("bench.agi.afterHours", "true"));
    /** Arrival rates (calls per second) of the open-loop runs; 0 = none. */
    static final int[] RATES = Arrays.stream(System.getProperty("bench.agi.rates", "200,400").split(","))
            .map(String::trim).filter(r -> !r.isEmpty()).mapToInt(Integer::parseInt).filter(r -> r > 0).toArray();
    static final String HOST = "127.0.0.1";
    static final List<String> REPORT = new ArrayList<>();
    /** Caller numbers: one per call across every phase of the run (distinct from the tests' 137… numbers). */
    static final AtomicLong CALLER = new AtomicLong();
    /** A linked-id epoch part per phase, far from the tests' and from the transcripts' ids. */
    static final AtomicLong PHASE = new AtomicLong(1_900_000_000L + System.currentTimeMillis() / 1000 % 10_000 * 10);

    @Inject
    TestClock clock;

    @Inject
    CallIntake intake;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /**
     * One call as the client saw it; {@code commandsNanos} is the part after the script's first command
     * arrived (the commands' round trips), the rest is connecting, the environment block and the
     * script's decision with the ticket's write.
     */
    record Sample(String linkedId, long startedAt, long nanos, long commandsNanos, String ticket, String route,
            int forwards, String error) {
    }

    /** Counts the intake's warnings of a call put on another ticket than the PBX was told. */
    static final class CorrectionCounter extends Handler {
        final AtomicInteger corrected = new AtomicInteger();

        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (msg != null && msg.contains("the PBX was told ticket")) {
                corrected.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @AfterAll
    static void report() {
        System.out.println();
        System.out.println("=== FastAGI benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version") + ", embedded PostgreSQL, fsync on; " + CLIENTS
                + " concurrent clients) ===");
        REPORT.forEach(System.out::println);
        System.out.println("===");
    }

    @Test
    void benchmark() throws Exception {
        CorrectionCounter corrections = new CorrectionCounter();
        Logger intakeLog = Logger.getLogger(CallIntake.class.getName());
        intakeLog.addHandler(corrections);
        try {
            // Monday 2034-03-06 10:00 in Shanghai: office hours, QUEUE
            clock.set("2034-03-06T10:00:00+08:00");
            run("warm-up (office hours)", WARMUP, 0, "QUEUE", 0, corrections, false);
            analyze();
            warmUp("office hours", RATES.length > 0 ? RATES[0] : 200, "QUEUE", 0, corrections);
            for (int rate : RATES) {
                run("office hours, QUEUE, " + rate + "/s arriving", CALLS, rate, "QUEUE", 0, corrections, true);
            }
            run("office hours, QUEUE, back to back", CALLS, 0, "QUEUE", 0, corrections, true);
            if (AFTER_HOURS) {
                // the same Monday 20:00: after hours, FORWARD to a roster of two
                clock.set("2034-03-06T20:00:00+08:00");
                String supervisor = Api.user("supervisor");
                onDuty(supervisor, 2);
                onDuty(supervisor, 1);
                run("warm-up (after hours)", Math.min(WARMUP, 200), 0, "FORWARD", 2, corrections, false);
                analyze();
                warmUp("after hours", RATES.length > 0 ? RATES[RATES.length - 1] : 400, "FORWARD", 2, corrections);
                if (RATES.length > 0) {
                    int rate = RATES[RATES.length - 1];
                    run("after hours, FORWARD to 2, " + rate + "/s arriving", CALLS, rate, "FORWARD", 2, corrections, true);
                }
                run("after hours, FORWARD to 2, back to back", CALLS, 0, "FORWARD", 2, corrections, true);
            }
        } finally {
            intakeLog.removeHandler(corrections);
        }
    }

    /**
     * Statistics, as any database in service has them (autovacuum analyses a table about a minute after
     * it has grown by a tenth). Without them, tables that grew from empty within the run are planned as
     * if tiny, and the intake's key lookups scan them whole: in an earlier run that cost about 0.8 ms a
     * batch and grew with every call, which a production database would not show.
     */
    static void analyze() throws SQLException {
        Api.execute("ANALYZE");
    }

    /**
     * Before a measured run: statistics and WAL segments to reuse, as a database in service has them. A
     * new cluster has no segments to reuse: until a checkpoint recycles some, each 16 MB segment is
     * created (zero-filled and synced) by the transaction that needs it, inside its commit; at 400
     * calls/s that was every 7 s or so, and the calls of those moments waited 100-170 ms for it. In
     * service, checkpoints (every 5 minutes) keep about a checkpoint's worth of segments for reuse; here a
     * checkpoint before each run recycles what the phase before it wrote.
     */
    static void checkpoint() throws SQLException {
        analyze();
        Api.execute("CHECKPOINT");
    }

    private static void onDuty(String supervisor, int position) {
        long staff = Api.staffId(Api.user("duty"));
        as(supervisor).body(Map.of("staffId", staff, "start", "2034-03-06T17:30:00+08:00", "end",
                "2034-03-07T08:30:00+08:00", "position", position, "override", false)).post("/api/roster/shifts")
                .then().statusCode(201);
    }

    /**
     * Calls at {@code rate}, not measured, in slices of {@link #WARMUP_SLICE}, until {@link #QUIET_SLICES}
     * slices in a row each spent less than 2% of their wall time in the JIT compilers (or
     * {@link #WARMUP_MAX_SECONDS} passed). One quiet slice was not enough: C2 goes quiet for a few seconds
     * and starts again (on 2026-12-01, after one quiet slice, it compiled for 1.0 to 3.3 s of the next
     * 25 s measured run; after three in a row, 0.75 to 0.9 s). Code run once
     * per batch (the batch's SQL building, the group commit) becomes hot only after some thousands of
     * batches, and at a low rate a batch holds one or two calls, so a warm-up back to back (large
     * batches) leaves it to be compiled during the measured run: in an earlier run C2 spent 0.5 to 0.9 s
     * of one of the two cores on each of those methods in the middle of it. A service in use has long
     * compiled them.
     */
    private void warmUp(String name, int rate, String route, int forwards, CorrectionCounter corrections) throws Exception {
        var jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(WARMUP_MAX_SECONDS).toNanos();
        int slices = 0;
        int quiet = 0;
        long lastJit;
        long lastWall;
        do {
            long jit0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            run("warm-up (" + name + ")", WARMUP_SLICE, rate, route, forwards, corrections, false);
            slices++;
            lastWall = (System.nanoTime() - t0) / 1_000_000;
            lastJit = jit.getTotalCompilationTime() - jit0;
            quiet = lastJit * 50 > lastWall ? 0 : quiet + 1;
        } while (quiet < QUIET_SLICES && System.nanoTime() < until);
        REPORT.add(String.format(Locale.ROOT, "%-36s %,6d calls at %d/s in %.0f s (not measured); JIT in the last"
                        + " slice %d ms of %d ms%s", "warm-up (" + name + ")", slices * WARMUP_SLICE, rate,
                (System.nanoTime() - started) / 1e9, lastJit, lastWall,
                quiet < QUIET_SLICES ? " (not settled within -Dbench.agi.warmupMaxSeconds)" : ""));
    }

    /**
     * One run: {@code rate} 0 is back to back (closed loop); otherwise calls arrive at that rate
     * (Poisson, seeded) and each call's latency counts from its arrival.
     */
    private void run(String name, int calls, int rate, String route, int forwards, CorrectionCounter corrections,
            boolean measured) throws Exception {
        if (measured) {
            checkpoint();
        }
        Diagnostics diag = measured ? Diagnostics.start() : null;
        Optional<KernelScans> scans = measured ? KernelScans.start() : Optional.empty();
        long jitAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long[] gcAtStart = gcPauses();
        long phase = PHASE.incrementAndGet();
        String prefix = phase + ".";
        int correctedBefore = corrections.corrected.get();
        io.micrometer.core.instrument.distribution.HistogramSnapshot writtenBefore = written().takeSnapshot();
        AtomicInteger next = new AtomicInteger();
        Sample[] samples = new Sample[calls];
        AtomicInteger peakAwaiting = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong peakResidentKb = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        Thread watcher = new Thread(() -> {
            for (int tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                peakAwaiting.accumulateAndGet(intake.awaitingDatabase(), Math::max);
                if (tick % 20 == 0) { // every 0.1 s
                    peakResidentKb.accumulateAndGet(residentKb(), Math::max);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-awaiting-watch");
        watcher.setDaemon(true);
        watcher.start();
        long[] arrival = arrivals(calls, rate); // offsets from the start, nanoseconds; all 0 when back to back
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peakInFlight = new AtomicInteger();
        long started = System.nanoTime() + (rate > 0 ? 50_000_000L : 0); // at a rate: time for the clients to start
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    // at a rate, client c places calls c, c + CLIENTS, ... each when it arrives (its latency
                    // runs from then even if the client was still busy): one wake-up per call, where a
                    // dispatcher thread handing arrivals to free clients cost a second one
                    for (int k = 0; ; k++) {
                        int i;
                        if (rate > 0) {
                            i = client + k * CLIENTS;
                            if (i >= calls) {
                                return null;
                            }
                            long wait = started + arrival[i] - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        } else {
                            i = next.getAndIncrement();
                            if (i >= calls) {
                                return null;
                            }
                        }
                        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        String linkedId = prefix + i;
                        String caller = "+86135" + String.format("%08d", CALLER.incrementAndGet());
                        // as telephony/extensions.conf calls it: the linked id passed as the argument
                        AgiResult r = FakeAgiClient.call().callerId(caller).linkedId(linkedId).uniqueId(linkedId)
                                .linkedIdAsArgument().channel("PJSIP/trunk-" + String.format("%08x", i)).run(HOST,
                                        EmbeddedPostgresResource.agiPort());
                        long done = System.nanoTime();
                        inFlight.decrementAndGet();
                        // from its arrival when calls arrive at a rate; from its own start when back to back
                        long latency = rate > 0 ? done - (started + arrival[i]) : r.elapsed().toNanos();
                        String fwd = r.variables().get("HOTLINE_FORWARD_COUNT");
                        long commands = r.firstCommand() == null ? 0 : r.elapsed().minus(r.firstCommand()).toNanos();
                        samples[i] = new Sample(linkedId, done - latency, latency, commands,
                                r.variables().get("HOTLINE_TICKET"),
                                r.variables().get("HOTLINE_ROUTE"), fwd == null ? -1 : Integer.parseInt(fwd),
                                r.error());
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long wall = System.nanoTime() - started;
        watcher.interrupt();
        String where = diag == null ? "" : diag.stop(wall);
        if (scans.isPresent()) {
            scans.get().close();
        }
        int corrected = corrections.corrected.get() - correctedBefore;

        // every call answered reaches the database once it allows
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (intake.awaitingDatabase() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, intake.awaitingDatabase(), "every call is on its ticket in the end");

        // correctness
        List<String> errors = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        for (Sample s : samples) {
            if (s.error() != null || s.ticket() == null) {
                errors.add(s.linkedId() + ": " + s.error());
            }
            assertEquals(route, s.route(), "route of " + s.linkedId());
            assertEquals(forwards, s.forwards(), "forward chain of " + s.linkedId());
            numbers.add(s.ticket());
        }
        assertTrue(errors.isEmpty(), errors.size() + " call(s) failed, e.g. " + errors.subList(0, Math.min(5,
                errors.size())));
        assertEquals(calls, numbers.size(), "every call was told its own ticket number");
        Map<String, String> inDb = ticketsOf(prefix);
        assertEquals(calls, inDb.size(), "one call record per call, each on a ticket");
        assertEquals(calls, Api.queryLong("SELECT count(DISTINCT c.ticket_id) FROM call_record c WHERE c.linked_id LIKE '"
                + prefix + "%'"), "one ticket per call");
        assertEquals(calls, Api.queryLong("SELECT count(*) FROM ticket t WHERE t.id IN (SELECT ticket_id FROM"
                + " call_record WHERE linked_id LIKE '" + prefix + "%')"));
        int mismatched = 0;
        for (Sample s : samples) {
            if (!s.ticket().equals(inDb.get(s.linkedId()))) {
                mismatched++;
            }
        }
        assertEquals(0, mismatched, "HOTLINE_TICKET is the number of the call's ticket in the database");

        if (!measured) {
            if (rate == 0) {
                REPORT.add(String.format(Locale.ROOT, "%-36s %,6d calls in %.1f s (not measured)", name, calls, wall / 1e9));
            }
            return;
        }
        long[] gc = gcPauses();
        long[] ns = Arrays.stream(samples).mapToLong(Sample::nanos).sorted().toArray();
        int line = REPORT.size();
        REPORT.add(String.format(Locale.ROOT,
                "%-36s %,6d calls: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %,.0f calls/s (%.1f s);"
                        + " put on another ticket than told %d; awaiting-database peak %d;"
                        + " ticket numbers not matching the database %d; calls in flight at most %d",
                name, calls, ms(pct(ns, 50)), ms(pct(ns, 90)), ms(pct(ns, 99)), ms(ns[ns.length - 1]),
                calls / (wall / 1e9), wall / 1e9, corrected, peakAwaiting.get(), mismatched, peakInFlight.get()));
        REPORT.add(String.format(Locale.ROOT, "%-36s JIT compiling %d ms; young GC pauses %d, %d ms in all; P-numbers"
                        + " (no number in reserve) %d", "",
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitAtStart, gc[0] - gcAtStart[0],
                gc[1] - gcAtStart[1],
                Api.queryLong("SELECT count(*) FROM ticket t JOIN call_record c ON c.ticket_id = t.id WHERE c.linked_id"
                        + " LIKE '" + prefix + "%' AND t.number LIKE '%-P%'")));
        REPORT.add(String.format(Locale.ROOT, "%-36s from the answer until the call is on its ticket in the database: %s",
                "", between(writtenBefore, written().takeSnapshot())));
        REPORT.add(String.format(Locale.ROOT, "%-36s resident memory of the JVM (the service, and the benchmark's clients"
                + " and data) at most %,d MiB during the run; heap at most %,d MiB (-Xmx)", "",
                peakResidentKb.get() / 1024, Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        REPORT.add(String.format(Locale.ROOT, "%-36s until the script's first command: %s; its commands' round trips"
                + " after it: %s", "", percentiles(Arrays.stream(samples).mapToLong(s -> s.nanos() - s.commandsNanos())
                        .sorted().toArray()), percentiles(Arrays.stream(samples).mapToLong(Sample::commandsNanos)
                        .sorted().toArray())));
        scans.ifPresent(k -> REPORT.add(apart(samples, k)));
        if (!where.isEmpty()) {
            REPORT.add(where);
        }
        System.out.println(REPORT.get(line));
    }

    /** This process's resident set (VmRSS of /proc/self/status), in KiB; 0 where there is no /proc. */
    private static long residentKb() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private io.micrometer.core.instrument.Timer written() {
        return meters.get("hotline.agi.ticket.written").timer();
    }

    /** p50 and p99 of what a timer recorded between two snapshots, from its histogram (upper bucket bounds). */
    private static String between(io.micrometer.core.instrument.distribution.HistogramSnapshot before,
            io.micrometer.core.instrument.distribution.HistogramSnapshot after) {
        var b = before.histogramCounts();
        var a = after.histogramCounts();
        double total = after.count() - before.count();
        StringBuilder out = new StringBuilder();
        for (double p : new double[] {0.5, 0.99}) {
            String at = "over " + ms((long) a[a.length - 1].bucket(java.util.concurrent.TimeUnit.NANOSECONDS)) + " ms";
            for (int i = 0; i < a.length; i++) {
                if (a[i].count() - b[i].count() >= p * total) {
                    at = "≤ " + String.format(Locale.ROOT, "%.1f", ms((long) a[i].bucket(
                            java.util.concurrent.TimeUnit.NANOSECONDS))) + " ms";
                    break;
                }
            }
            out.append(out.length() == 0 ? "" : ", ").append("p").append((int) (p * 100)).append(' ').append(at);
        }
        return out + String.format(Locale.ROOT, " (%,.0f calls)", total);
    }

    /** The calls that overlapped a kdamond scan, and the others, each with their p50 and p99. */
    private static String apart(Sample[] samples, KernelScans k) {
        List<Long> during = new ArrayList<>();
        List<Long> clear = new ArrayList<>();
        for (Sample s : samples) {
            (k.overlaps(s.startedAt(), s.startedAt() + s.nanos()) ? during : clear).add(s.nanos());
        }
        long[] d = during.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] c = clear.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "%-36s the kernel's DAMON thread (kdamond) ran %d ms of the run; the %d calls"
                        + " (%.1f%%) in flight meanwhile: %s; the other %d: %s", "", k.busyMillis(), d.length,
                100.0 * d.length / samples.length, percentiles(d), c.length, percentiles(c));
    }

    private static String percentiles(long[] sorted) {
        return sorted.length == 0 ? "none" : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", ms(pct(sorted, 50)),
                ms(pct(sorted, 99)));
    }

    /** Collections and their total milliseconds so far, of the young generation's collector. */
    private static long[] gcPauses() {
        long[] out = new long[2];
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Young")) {
                out[0] += gc.getCollectionCount();
                out[1] += gc.getCollectionTime();
            }
        }
        return out;
    }

    /** Arrival offsets (ns) of a Poisson process at {@code rate} per second, seeded; all 0 when rate is 0. */
    static long[] arrivals(int calls, int rate) {
        long[] at = new long[calls];
        if (rate <= 0) {
            return at;
        }
        java.util.Random random = new java.util.Random(20261127L + rate);
        double t = 0;
        for (int i = 0; i < calls; i++) {
            t += -Math.log(1 - random.nextDouble()) / rate;
            at[i] = (long) (t * 1e9);
        }
        return at;
    }

    private static Map<String, String> ticketsOf(String prefix) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.linked_id, t.number FROM call_record c JOIN ticket t"
                        + " ON t.id = c.ticket_id WHERE c.linked_id LIKE '" + prefix + "%'")) {
            while (rs.next()) {
                assertTrue(out.put(rs.getString(1), rs.getString(2)) == null, "one call record per linked id");
            }
        }
        return out;
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
