package com.evhotline.bench;

import com.evhotline.support.EmbeddedPostgresResource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the time of a measured phase went: CPU of this JVM's threads by kind, CPU of the embedded
 * PostgreSQL's processes, and what the service's database sessions were doing (pg_stat_activity sampled
 * every 10 ms: active on CPU, waiting for a lock, for the WAL flush, or idle in a transaction while the
 * service works). Off unless {@code -Dbench.diag=true}: the sampling costs the database a little.
 */
final class Diagnostics {

    static final boolean ON = Boolean.getBoolean("bench.diag");
    /** Whether to sample the sessions too ({@code -Dbench.diag.sessions=false}: CPU figures only, no sampling cost). */
    static final boolean SESSIONS = Boolean.parseBoolean(System.getProperty("bench.diag.sessions", "true"));

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Integer> states = new TreeMap<>();
    private final long pgCpuAtStart;
    private final long jvmCpuAtStart;
    private final long gcMillisAtStart;
    private final Thread sampler;
    private int samples;

    private Diagnostics() {
        for (long id : threads.getAllThreadIds()) {
            cpuAtStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        pgCpuAtStart = postgresCpuNanos();
        jvmCpuAtStart = jvmCpuNanos();
        gcMillisAtStart = gcMillis();
        sampler = new Thread(SESSIONS ? this::sample : () -> { }, "bench-pg-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static Diagnostics start() {
        return ON ? new Diagnostics() : null;
    }

    String stop(long wallNanos) throws InterruptedException {
        sampler.interrupt();
        sampler.join();
        Map<String, Long> byKind = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            var info = threads.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            byKind.merge(kind(info.getThreadName()), cpu - cpuAtStart.getOrDefault(id, 0L), Long::sum);
        }
        double wall = wallNanos / 1e9;
        String jvm = byKind.entrySet().stream().filter(e -> e.getValue() > wallNanos / 100)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e9 / wall))
                .collect(Collectors.joining(", "));
        int total = Math.max(1, states.values().stream().mapToInt(Integer::intValue).sum());
        String db = states.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) samples))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "    where the time went (cores busy, of 2): JVM %.2f [%s; GC pauses+cycles %.1f%% of"
                        + " the wall time]; PostgreSQL %.2f%n"
                        + "    service's database sessions, mean number in each state over %d samples: %s (of %d)",
                (jvmCpuNanos() - jvmCpuAtStart) / 1e9 / wall, jvm, (gcMillis() - gcMillisAtStart) / 10.0 / wall,
                (postgresCpuNanos() - pgCpuAtStart) / 1e9 / wall,
                samples, db, total / Math.max(1, samples));
    }

    private static String kind(String thread) {
        if (thread.startsWith("pool-") || thread.startsWith("bench")) {
            return "bench-clients";
        }
        if (thread.startsWith("AJ DaemonPool")) {
            return "fastagi-threads";
        }
        if (thread.startsWith("vert.x-eventloop")) {
            return "vertx-eventloops";
        }
        if (thread.startsWith("vert.x-worker") || thread.startsWith("executor-thread")) {
            return "workers";
        }
        if (thread.contains("GC") || thread.startsWith("G1")) {
            return "gc";
        }
        if (thread.startsWith("C1") || thread.startsWith("C2")) {
            return "jit";
        }
        return thread.replaceAll("[-#]?\\d+$", "");
    }

    private void sample() {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet rs = s.executeQuery("SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                        + " AND application_name NOT LIKE 'PostgreSQL JDBC%'")) {
                    samples++;
                    while (rs.next()) {
                        String state = rs.getString(1);
                        if ("idle".equals(state)) {
                            continue;
                        }
                        String wait = rs.getString(2) == null ? "on CPU" : rs.getString(2) + ":" + rs.getString(3);
                        states.merge(state + "/" + wait, 1, Integer::sum);
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            states.merge("sampler failed: " + e.getMessage(), 1, Integer::sum);
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime()))
                .sum();
    }

    private static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** CPU of the embedded PostgreSQL: the postmaster listening on the test port and its children. */
    private static long postgresCpuNanos() {
        String port = "-p " + EmbeddedPostgresResource.port() + " ";
        Optional<ProcessHandle> postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cl -> cl.contains("postgres") && cl.contains(port)).orElse(false))
                .findFirst();
        if (postmaster.isEmpty()) {
            return 0;
        }
        long cpu = postmaster.get().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return cpu + postmaster.get().descendants().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos)
                .orElse(0L)).sum();
    }
}
