package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The packaged service on three years of a large maker's hotline ({@link ScaleData}: about 5 million tickets and
 * 10 million calls), through its HTTP API: start to ready (several starts, the median), the KPIs of a month and of a
 * year (the first request after a start, then warm), the ticket list with filters and paging (p99 over some hundreds
 * of requests), and FastAGI at 400 calls/s, as the README runs it.
 *
 * <p>The data directory {@code target/bench-scale-db} ({@code -Dbench.scale.data}) is generated once (minutes) and
 * reused while its generator version matches. {@code -Dbench.scale.app} names the build to measure (a
 * {@code target/quarkus-app}, default this project's): another build's on the same data is how a change is measured
 * before and after. Sizes: {@code -Dbench.scale.starts} (5), {@code -Dbench.scale.kpiRuns} (10 warm requests each),
 * {@code -Dbench.scale.listRounds} (40 rounds of the list's requests), {@code -Dbench.scale.calls} (10,000 after a
 * warm-up of {@code -Dbench.scale.warmup} 4,000), {@code -Dbench.scale.only} (some of {@code starts,kpi,list,agi}),
 * {@code -Dbench.scale.env} (the service's environment, {@code NAME=value,...}).
 */
class KpiScaleBench {

    static final Path DATA = Path.of(System.getProperty("bench.scale.data", "target/bench-scale-db")).toAbsolutePath();
    static final Path APP = Path.of(System.getProperty("bench.scale.app", "target/quarkus-app")).toAbsolutePath();
    static final int STARTS = Integer.getInteger("bench.scale.starts", 5);
    static final int KPI_RUNS = Integer.getInteger("bench.scale.kpiRuns", 10);
    static final int LIST_ROUNDS = Integer.getInteger("bench.scale.listRounds", 40);
    static final int CALLS = Integer.getInteger("bench.scale.calls", 10_000);
    static final int WARMUP = Integer.getInteger("bench.scale.warmup", 4_000);
    static final int RATE = Integer.getInteger("bench.scale.rate", 400);
    static final List<String> ONLY = Arrays.stream(System.getProperty("bench.scale.only", "").split(","))
            .map(String::trim).filter(p -> !p.isEmpty()).toList();
    /** Environment for the service, {@code NAME=value,...} (e.g. a longer HTTP idle timeout for a slow build). */
    static final Map<String, String> ENV = env(System.getProperty("bench.scale.env", ""));
    static final Duration FIRST_START = Duration.ofMinutes(30);

    private final List<String> report = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PackagedService.ADMIN_PASSWORD)
            .getBytes(StandardCharsets.UTF_8));

    @Test
    void benchmark() throws Exception {
        Instant end = ensureData();
        report.add("data ending " + end + "; build " + APP);
        long[] ready = new long[Math.max(1, STARTS)];
        PackagedService service = null;
        try {
            service = PackagedService.on(APP, DATA, log("migrate"), ENV, FIRST_START);
            report.add(String.format(Locale.ROOT, "%-38s %.2f s (migrations included)%s", "first start on the data",
                    service.readyNanos / 1e9, ENV.isEmpty() ? "" : "; environment " + ENV));
            boolean unsummarised = false;
            try (Connection c = service.database()) {
                long forgotten = forgetOwnCalls(c);
                if (forgotten > 0) {
                    report.add(String.format(Locale.ROOT, "%-38s %,d (left by earlier runs' FastAGI calls)",
                            "bench tickets taken out", forgotten));
                }
            }
            try (Connection c = service.database(); Statement st = c.createStatement()) {
                ScaleData.sizes(c).forEach((k, v) -> report.add(String.format(Locale.ROOT, "  %-36s %s", k, v)));
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('kpi_day') IS NOT NULL")) {
                    rs.next();
                    if (rs.getBoolean(1)) { // a build with the summary, on a database it never summarised
                        try (ResultSet none = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM kpi_day)")) {
                            none.next();
                            unsummarised = none.getBoolean(1);
                        }
                    }
                }
            }
            if (part("kpi") && unsummarised) {
                firstSummaries(service, end);
            }
            if (part("starts")) {
                for (int i = 0; i < STARTS; i++) {
                    stop(service);
                    service = PackagedService.on(APP, DATA, log("start-" + (i + 1)), ENV, Duration.ofMinutes(5));
                    ready[i] = service.readyNanos;
                }
                long[] sorted = ready.clone();
                Arrays.sort(sorted);
                report.add(String.format(Locale.ROOT, "%-38s %s; median %.2f s", "start to ready on the data",
                        Arrays.stream(ready).mapToObj(n -> String.format(Locale.ROOT, "%.2f s", n / 1e9)).toList(),
                        sorted[sorted.length / 2] / 1e9));
            }
            if (part("kpi")) {
                kpis(service, end);
            }
            if (part("list")) {
                list(service, end);
            }
            if (part("agi")) {
                agi(service);
            }
        } finally {
            if (service != null) {
                stop(service);
            }
            System.out.println();
            System.out.println("=== KPIs and lists on years of data (" + Runtime.getRuntime().availableProcessors()
                    + " cores, " + System.getProperty("java.version") + ", load " + load() + ") ===");
            report.forEach(System.out::println);
            System.out.println("===");
        }
    }

    private static Map<String, String> env(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.contains("=")) {
                out.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return out;
    }

    private static boolean part(String name) {
        return ONLY.isEmpty() || ONLY.contains(name);
    }

    private static Path log(String name) {
        return DATA.resolveSibling(DATA.getFileName() + "-" + name + ".log");
    }

    /** The data directory, generated (or its generation resumed) unless it is complete at this version. */
    private Instant ensureData() throws Exception {
        Path version = DATA.resolve("bench-scale-version");
        if (Files.isRegularFile(version)) {
            String[] v = Files.readString(version).trim().split(" ");
            if (Integer.parseInt(v[0]) == ScaleData.VERSION) {
                return Instant.parse(v[1]);
            }
            System.out.println("The data in " + DATA + " is of generator version " + v[0] + "; generating it again");
            PackagedService.delete(DATA);
        }
        long t0 = System.nanoTime();
        if (!Files.isDirectory(DATA.resolve("postgres"))) {
            // the service's first start creates the database and its schema, and the administrator
            stop(PackagedService.on(APP, DATA, log("create"), ENV, Duration.ofMinutes(2)));
        }
        Instant end = ScaleData.fill(DATA);
        Files.writeString(version, ScaleData.VERSION + " " + end + "\n");
        report.add(String.format(Locale.ROOT, "%-38s %.1f min", "generated", (System.nanoTime() - t0) / 60e9));
        return end;
    }

    private void stop(PackagedService s) throws Exception {
        s.close();
        assertTrue(!s.process.isAlive(), "the service stops on SIGTERM");
    }

    /** The first requests on a database whose figures were never summarised: they count the items and keep them. */
    private void firstSummaries(PackagedService s, Instant end) throws Exception {
        LocalDate lastMonth = end.atZone(ScaleData.ZONE).toLocalDate().withDayOfMonth(1).minusMonths(1);
        long month = get(s, "/api/kpi?from=" + lastMonth + "&to=" + lastMonth.plusMonths(1).minusDays(1));
        long year = get(s, "/api/kpi?from=" + lastMonth.minusMonths(11) + "&to=" + lastMonth.plusMonths(1).minusDays(1));
        report.add(String.format(Locale.ROOT, "%-38s last month %s, then the 11 months before it %s",
                "KPIs, nothing summarised yet", ms(month), ms(year)));
    }

    /** {@code GET /api/kpi} for a month and a year: the first request after the start, then warm. */
    private void kpis(PackagedService s, Instant end) throws Exception {
        LocalDate today = end.atZone(ScaleData.ZONE).toLocalDate();
        LocalDate lastMonth = today.withDayOfMonth(1).minusMonths(1);
        Map<String, String> asks = new LinkedHashMap<>();
        asks.put("KPIs, last month", "from=" + lastMonth + "&to=" + lastMonth.plusMonths(1).minusDays(1));
        asks.put("KPIs, last month by day", "from=" + lastMonth + "&to=" + lastMonth.plusMonths(1).minusDays(1)
                + "&groupBy=day");
        // the month as a dashboard opened when the data ends sees it: past days and today until then (the
        // calls this bench makes come after that instant)
        asks.put("KPIs, this month so far", "from=" + today.withDayOfMonth(1) + "&to="
                + enc(end.atZone(ScaleData.ZONE).toOffsetDateTime().toString()));
        asks.put("KPIs, last 12 months by month", "from=" + lastMonth.minusMonths(11) + "&to="
                + lastMonth.plusMonths(1).minusDays(1) + "&groupBy=month");
        for (var ask : asks.entrySet()) {
            String path = "/api/kpi" + (ask.getValue().isEmpty() ? "" : "?" + ask.getValue());
            long first = get(s, path);
            long[] warm = new long[KPI_RUNS];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = get(s, path);
            }
            Arrays.sort(warm);
            report.add(String.format(Locale.ROOT, "%-38s first %s; warm p50 %s, max %s (%d runs)", ask.getKey(), ms(first),
                    ms(warm[warm.length / 2]), ms(warm[warm.length - 1]), warm.length));
        }
        String year = "from=" + lastMonth.minusMonths(11) + "&to=" + lastMonth.plusMonths(1).minusDays(1);
        long[] pages = new long[KPI_RUNS];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = get(s, "/api/kpi/calls/items?" + year + "&size=50&page=" + (i * 7_919));
        }
        Arrays.sort(pages);
        report.add(String.format(Locale.ROOT, "%-38s p50 %s, max %s (%d pages)", "drill-down, a year's calls, a page",
                ms(pages[pages.length / 2]), ms(pages[pages.length - 1]), pages.length));
    }

    /** {@code GET /api/tickets} with the filters and pages people use, in rounds: p99 over all, p50 and max of each. */
    private void list(PackagedService s, Instant end) throws Exception {
        LocalDate today = end.atZone(ScaleData.ZONE).toLocalDate();
        String dayFrom = enc(today.minusDays(3).atStartOfDay(ScaleData.ZONE).toOffsetDateTime().toString());
        String dayTo = enc(today.minusDays(2).atStartOfDay(ScaleData.ZONE).toOffsetDateTime().toString());
        String monthFrom = enc(today.withDayOfMonth(1).minusMonths(1).atStartOfDay(ScaleData.ZONE).toOffsetDateTime()
                .toString());
        String monthTo = enc(today.withDayOfMonth(1).atStartOfDay(ScaleData.ZONE).toOffsetDateTime().toString());
        Map<String, String> asks = new LinkedHashMap<>();
        asks.put("newest", "");
        asks.put("status=OPEN", "status=OPEN");
        asks.put("status=CALLBACK", "status=CALLBACK");
        asks.put("status=RESOLVED", "status=RESOLVED");
        asks.put("category=MAJOR_INCIDENT", "category=MAJOR_INCIDENT");
        asks.put("category=COMPLAINT, a month", "category=COMPLAINT&from=" + monthFrom + "&to=" + monthTo);
        asks.put("a day, page 10", "from=" + dayFrom + "&to=" + dayTo + "&page=10");
        asks.put("status=CLOSED, page 500", "status=CLOSED&page=500");
        asks.put("category=RESCUE, status=CLOSED, page 50", "category=RESCUE&status=CLOSED&page=50");
        asks.put("callerNumber", "callerNumber=%2B8613000000001");
        Map<String, long[]> took = new LinkedHashMap<>();
        asks.keySet().forEach(k -> took.put(k, new long[LIST_ROUNDS]));
        long[] all = new long[LIST_ROUNDS * asks.size()];
        int n = 0;
        for (var ask : asks.entrySet()) {
            get(s, "/api/tickets" + (ask.getValue().isEmpty() ? "" : "?" + ask.getValue())); // the first of each
        }
        for (int round = 0; round < LIST_ROUNDS; round++) {
            for (var ask : asks.entrySet()) {
                long t = get(s, "/api/tickets" + (ask.getValue().isEmpty() ? "" : "?" + ask.getValue()));
                took.get(ask.getKey())[round] = t;
                all[n++] = t;
            }
        }
        Arrays.sort(all);
        report.add(String.format(Locale.ROOT, "%-38s %d requests: p50 %s, p99 %s, max %s", "ticket list", all.length,
                ms(all[all.length / 2]), ms(ServiceBench.pct(all, 99)), ms(all[all.length - 1])));
        for (var e : took.entrySet()) {
            long[] t = e.getValue();
            Arrays.sort(t);
            report.add(String.format(Locale.ROOT, "  %-36s p50 %s, max %s", e.getKey(), ms(t[t.length / 2]),
                    ms(t[t.length - 1])));
        }
    }

    /** FastAGI calls at 400/s from new callers: a warm-up, then the measured run; each call on its ticket. */
    private void agi(PackagedService s) throws Exception {
        String phase = "scale-" + System.currentTimeMillis();
        AtomicLong caller; // callers new on every run: +86135 and 8 digits (ServiceBench's are +86136)
        try (Connection c = s.database(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(substr(caller_number, 7)::bigint), 0) FROM ticket"
                        + " WHERE caller_number LIKE '+86135________'")) {
            rs.next();
            caller = new AtomicLong(rs.getLong(1));
        }
        ServiceBench.calls(s.agiPort, phase, "+86135", caller, "w", WARMUP, RATE);
        long[] ns = ServiceBench.calls(s.agiPort, phase, "+86135", caller, "m", CALLS, RATE);
        report.add(String.format(Locale.ROOT, "%-38s %,d calls: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                "FastAGI at " + RATE + "/s arriving", CALLS, ns[ns.length / 2] / 1e6, ServiceBench.pct(ns, 99) / 1e6,
                ns[ns.length - 1] / 1e6));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long onTickets;
        do {
            try (Connection c = s.database(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM call_record WHERE ticket_id IS NOT NULL"
                            + " AND linked_id LIKE '" + phase + ".m%'")) {
                rs.next();
                onTickets = rs.getLong(1);
            }
        } while (onTickets < CALLS && System.nanoTime() < until && ServiceBench.sleep());
        assertEquals(CALLS, onTickets, "every measured call is on its ticket in the database");
        try (Connection c = s.database()) {
            forgetOwnCalls(c);
        }
    }

    /**
     * Takes out the tickets the FastAGI part opened (callers +86135…) with everything written about them, so that
     * the next run's "this month so far" is the generated data's day and not the bench's own thousands of calls
     * (a run adds some 10,000 tickets to today, about twice a generated day). The history is append-only: its
     * guard is off for this one transaction. Their customers stay (no ticket names them, no figure counts them).
     * Answers how many tickets went.
     */
    static long forgetOwnCalls(Connection c) throws java.sql.SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            // the running service's engine and workers wait (its timers for these tickets would deadlock the deletes)
            st.execute("LOCK TABLE ticket, deadline, deadline_timer, notification, exemption, ticket_event, call_record"
                    + " IN EXCLUSIVE MODE");
            st.execute("CREATE TEMP TABLE own (id bigint PRIMARY KEY) ON COMMIT DROP");
            st.execute("INSERT INTO own SELECT id FROM ticket WHERE caller_number LIKE '+86135%'");
            st.execute("ANALYZE own"); // else the planner takes it for a few rows and loops over it per row
            long n;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM own")) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n > 0) {
                st.execute("ALTER TABLE ticket_event DISABLE TRIGGER ticket_event_append_only");
                // the service never deletes a ticket, so the keys naming one have no index everywhere: for this delete
                st.execute("CREATE INDEX bench_forget_timer_idx ON deadline_timer (ticket_id)");
                st.execute("CREATE INDEX bench_forget_exemption_idx ON exemption (ticket_id)");
                for (String table : List.of("notification", "exemption", "deadline_timer", "deadline", "ticket_reply",
                        "ticket_event", "call_record", "quality_batch_ticket", "quality_fault_check")) {
                    st.execute("DELETE FROM " + table + " WHERE ticket_id IN (SELECT id FROM own)");
                }
                st.execute("DELETE FROM ticket WHERE id IN (SELECT id FROM own)");
                st.execute("DROP INDEX bench_forget_timer_idx");
                st.execute("DROP INDEX bench_forget_exemption_idx");
                st.execute("ALTER TABLE ticket_event ENABLE TRIGGER ticket_event_append_only");
            }
            c.commit();
            return n;
        } catch (java.sql.SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** One GET as the administrator: must answer 200; how long it took, in ns. */
    private long get(PackagedService s, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.url(path))).header("Authorization", auth)
                .timeout(Duration.ofMinutes(15)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        assertEquals(200, answer.statusCode(), () -> path + ": " + answer.body());
        return took;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000_000L ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
                : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
