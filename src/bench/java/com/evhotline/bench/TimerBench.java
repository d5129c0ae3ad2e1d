package com.evhotline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.db.EmbeddedDatabase;
import com.evhotline.deadline.engine.EngineLoop;
import com.evhotline.deadline.engine.TimerEngine;
import com.evhotline.deadline.engine.TimerWakeups;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deadline engine against db-scheduler (lock-and-fetch polling, same number of threads) and the
 * database's own ceiling (one plain FOR UPDATE SKIP LOCKED LIMIT 100 claimer over JDBC), on the same
 * embedded PostgreSQL in one run. Prints its figures; asserts only that nothing was lost or doubled.
 * Durations: -Dbench.seconds (steady-rate runs, default 60), -Dbench.timers (catch-up, default 100000);
 * -Dbench.batch (claim size, default 100); -Dbench.only=catch-up for the first part alone.
 */
class TimerBench {

    static final int TIMERS = Integer.getInteger("bench.timers", 100_000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int BATCH = Integer.getInteger("bench.batch", 100);
    static final List<String> REPORT = new ArrayList<>();

    static EmbeddedDatabase db;
    static HikariDataSource jdbc;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedDatabase.start(Files.createTempDirectory("hotline-bench-pg").resolve("postgres"));
        Flyway.configure().dataSource(db.jdbcUrl(), "postgres", db.password()).locations("classpath:db/migration").load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword(db.password());
        config.setMaximumPoolSize(8);
        jdbc = new HikariDataSource(config);
        vertx = Vertx.vertx();
        sql("""
                INSERT INTO staff (name, active, created_at) VALUES ('Bench Supervisor', true, now());
                INSERT INTO staff_role (staff_id, role) SELECT id, 'supervisor' FROM staff;
                INSERT INTO escalation_rule (category, shift, deadline_kind, stage, step, recipients)
                SELECT c, s, k, st.stage, st.step, ARRAY['assignee', 'supervisor']
                  FROM unnest(ARRAY['GENERAL_QUALITY','COMPLAINT','MAJOR_INCIDENT','RESCUE','INQUIRY']) c,
                       unnest(ARRAY['DAY','NIGHT']) s, unnest(ARRAY['REPLY','DISPATCH']) k,
                       (VALUES ('WARNING', 0), ('BREACH', 0), ('ESCALATION', 1)) st(stage, step);
                CREATE TABLE scheduled_tasks (
                    task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
                    execution_time timestamptz NOT NULL, picked boolean NOT NULL, picked_by text,
                    last_success timestamptz, last_failure timestamptz, consecutive_failures int,
                    last_heartbeat timestamptz, version bigint NOT NULL, priority smallint,
                    PRIMARY KEY (task_name, task_instance));
                CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
                CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
                CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
                CREATE TABLE plain_claim (LIKE deadline_timer INCLUDING DEFAULTS);
                CREATE INDEX plain_claim_due_idx ON plain_claim (due_at, id) WHERE state = 'PENDING';
                """);
    }

    @AfterAll
    static void stop() {
        System.out.println();
        System.out.println("=== Deadline engine benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version") + ", embedded PostgreSQL 14, fsync on) ===");
        REPORT.forEach(System.out::println);
        System.out.println("===");
        vertx.closeAndAwait();
        jdbc.close();
        db.close();
    }

    @Test
    void benchmark() throws Exception {
        double ceiling = plainClaimCatchUp();
        double ours = ourCatchUp();
        double peer = dbSchedulerCatchUp(1, 0.5, 1.0);
        double peerWide = dbSchedulerCatchUp(4, 0.5, 4.0);
        REPORT.add(String.format(Locale.ROOT, "catch-up %,d timers: ours %,.0f/s | db-scheduler %,.0f/s (1 thread,"
                + " lock-and-fetch 0.5/1.0) | db-scheduler %,.0f/s (4 threads, 0.5/4.0) | plain claim %,.0f/s",
                TIMERS, ours, peer, peerWide, ceiling));
        REPORT.add(String.format(Locale.ROOT, "  ratios: ours / db-scheduler = %.2f (same threads; target >= 1), %.2f (4 threads),"
                + " ours / plain claim = %.2f (target >= 0.25)", ours / peer, ours / peerWide, ours / ceiling));
        if ("catch-up".equals(System.getProperty("bench.only"))) {
            return;
        }
        steadyRate(200, SECONDS);
        dbSchedulerSteadyRate(200, SECONDS);
        steadyRate(2_000, SECONDS);
        overload((int) Math.round(ours * 2), Math.max(10, SECONDS / 3));
    }

    // --- catch-up -----------------------------------------------------------------------------

    double plainClaimCatchUp() throws Exception {
        sql("INSERT INTO plain_claim (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)"
                + " SELECT g, g, 'BREACH', 0, now() - interval '1 hour', now() - interval '1 hour', 'PENDING', now()"
                + " FROM generate_series(1, " + TIMERS + ") g");
        sql("ANALYZE plain_claim");
        long start = System.nanoTime();
        int fired = 0;
        try (Connection c = jdbc.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement claim = c.prepareStatement("SELECT id FROM plain_claim WHERE state = 'PENDING'"
                    + " AND due_at <= now() ORDER BY due_at, id LIMIT 100 FOR UPDATE SKIP LOCKED");
                    PreparedStatement mark = c.prepareStatement("UPDATE plain_claim SET state = 'FIRED', fired_at = now()"
                            + " WHERE id = ANY(?)")) {
                while (true) {
                    List<Long> ids = new ArrayList<>();
                    try (ResultSet rs = claim.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                    if (ids.isEmpty()) {
                        c.commit();
                        break;
                    }
                    mark.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                    mark.executeUpdate();
                    c.commit();
                    fired += ids.size();
                }
            }
        }
        assertEquals(TIMERS, fired);
        return rate(fired, start);
    }

    double ourCatchUp() throws Exception {
        String tag = deadlines(TIMERS, true);
        Pool pool = pool();
        TimerEngine engine = engine(pool, "ours", BATCH);
        long start = System.nanoTime();
        int fired = engine.runDue().await().atMost(Duration.ofMinutes(20));
        double rate = rate(fired, start);
        assertEquals(TIMERS, count("SELECT count(*) FROM ticket_event WHERE type = 'DEADLINE_BREACHED' AND ticket_id IN "
                + tickets(tag)));
        pool.closeAndAwait();
        return rate;
    }

    double dbSchedulerCatchUp(int threads, double lower, double upper) throws Exception {
        String tag = deadlines(TIMERS, false);
        sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                + " SELECT 'breach', d.id::text, now() - interval '1 hour', false, 1 FROM deadline d"
                + " WHERE d.ticket_id IN " + tickets(tag));
        Scheduler scheduler = scheduler(Duration.ofMillis(100), threads, lower, upper);
        long start = System.nanoTime();
        scheduler.start();
        while (count("SELECT count(*) FROM scheduled_tasks") > 0) {
            Thread.sleep(20); // a benchmark waiting for a peer to drain: wall time is what it measures
        }
        double rate = rate(TIMERS, start);
        scheduler.stop();
        assertEquals(TIMERS, count("SELECT count(*) FROM ticket_event WHERE type = 'DEADLINE_BREACHED' AND ticket_id IN "
                + tickets(tag)));
        return rate;
    }

    // --- lateness -----------------------------------------------------------------------------

    void steadyRate(int perSecond, int seconds) throws Exception {
        int total = perSecond * seconds;
        String tag = deadlines(total, false);
        Pool pool = pool();
        TimerEngine engine = engine(pool, "ours-" + perSecond, BATCH);
        EngineLoop loop = new EngineLoop(engine, vertx, Clock.systemUTC(), Duration.ofSeconds(2), n -> { });
        TimerWakeups wakeups = new TimerWakeups(vertx, "postgresql://localhost:" + db.port() + "/postgres",
                Optional.of("postgres"), Optional.of(db.password()));
        wakeups.listen(loop::wakeAt).await().atMost(Duration.ofSeconds(10));
        loop.start();
        produce(tag, perSecond, seconds, Duration.ofMillis(500));
        awaitFired(tag, total, Duration.ofSeconds(60));
        loop.stop();
        pool.closeAndAwait();
        long[] p = percentiles("SELECT lateness_ms FROM deadline_timer WHERE ticket_id IN " + tickets(tag));
        REPORT.add(String.format(Locale.ROOT, "lateness at %,d/s for %d s (ours, %,d timers): p50 %d ms, p99 %d ms, max %d ms%s",
                perSecond, seconds, total, p[0], p[1], p[2], perSecond == 200 ? " (target p99 <= 100 ms)" : ""));
    }

    void dbSchedulerSteadyRate(int perSecond, int seconds) throws Exception {
        int total = perSecond * seconds;
        String tag = deadlines(total, false);
        Duration polling = Duration.ofSeconds(1);
        Scheduler scheduler = scheduler(polling, 1, 0.5, 1.0);
        scheduler.start();
        List<Long> ids = ids("SELECT d.id FROM deadline d WHERE d.ticket_id IN " + tickets(tag) + " ORDER BY d.id");
        try (Connection c = jdbc.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO scheduled_tasks (task_name, task_instance,"
                        + " execution_time, picked, version) VALUES ('breach', ?, ?, false, 1)");
                PreparedStatement plan = c.prepareStatement("UPDATE deadline SET due_at = ? WHERE id = ?")) {
            // the deadline keeps the instant the task was due, since db-scheduler deletes a task once done
            pace(perSecond, seconds, (i, due) -> {
                plan.setTimestamp(1, Timestamp.from(due));
                plan.setLong(2, ids.get(i));
                plan.addBatch();
                insert.setString(1, Long.toString(ids.get(i)));
                insert.setTimestamp(2, Timestamp.from(due));
                insert.addBatch();
            }, () -> {
                plan.executeBatch();
                insert.executeBatch();
            });
        }
        while (count("SELECT count(*) FROM scheduled_tasks") > 0) {
            Thread.sleep(50);
        }
        scheduler.stop();
        long[] p = percentiles("SELECT (extract(epoch FROM (e.at - (d.due_at))) * 1000)::bigint FROM ticket_event e"
                + " JOIN deadline d ON d.ticket_id = e.ticket_id WHERE e.type = 'DEADLINE_BREACHED' AND e.ticket_id IN "
                + tickets(tag));
        REPORT.add(String.format(Locale.ROOT, "lateness at %,d/s for %d s (db-scheduler, polling every %d ms): p50 %d ms, p99 %d ms, max %d ms",
                perSecond, seconds, polling.toMillis(), p[0], p[1], p[2]));
    }

    void overload(int perSecond, int seconds) throws Exception {
        int total = perSecond * seconds;
        String tag = deadlines(total, false);
        Pool pool = pool();
        TimerEngine engine = engine(pool, "overload", BATCH);
        EngineLoop loop = new EngineLoop(engine, vertx, Clock.systemUTC(), Duration.ofSeconds(2), n -> { });
        TimerWakeups wakeups = new TimerWakeups(vertx, "postgresql://localhost:" + db.port() + "/postgres",
                Optional.of("postgres"), Optional.of(db.password()));
        wakeups.listen(loop::wakeAt).await().atMost(Duration.ofSeconds(10));
        loop.start();
        long start = System.nanoTime();
        produce(tag, perSecond, seconds, Duration.ZERO);
        awaitFired(tag, total, Duration.ofMinutes(10));
        double elapsed = (System.nanoTime() - start) / 1e9;
        loop.stop();
        pool.closeAndAwait();
        String mine = tickets(tag);
        long fired = count("SELECT count(*) FROM deadline_timer WHERE state = 'FIRED' AND attempts = 1 AND ticket_id IN " + mine);
        long events = count("SELECT count(*) FROM ticket_event WHERE type = 'DEADLINE_BREACHED' AND ticket_id IN " + mine);
        long outOfOrder = count("SELECT count(*) FROM (SELECT fired_at < max(fired_at) OVER (ORDER BY due_at, id"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS late FROM deadline_timer WHERE ticket_id IN "
                + mine + ") x WHERE late");
        long[] p = percentiles("SELECT lateness_ms FROM deadline_timer WHERE ticket_id IN " + mine);
        REPORT.add(String.format(Locale.ROOT, "overload at %,d/s (2x catch-up) for %d s: %,d written, %,d fired once, %,d breach"
                + " events, %d fired out of due order; drained in %.1f s; lateness p50 %d ms, p99 %d ms",
                perSecond, seconds, total, fired, events, outOfOrder, elapsed, p[0], p[1]));
        assertEquals(total, fired, "nothing lost");
        assertEquals(total, events, "nothing fired twice");
        assertEquals(0, outOfOrder, "fired in due order");
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Writes the BREACH timers of a tag's deadlines at a steady rate, each due {@code ahead} from its writing. */
    void produce(String tag, int perSecond, int seconds, Duration ahead) throws Exception {
        List<Long> ids = ids("SELECT d.id FROM deadline d WHERE d.ticket_id IN " + tickets(tag) + " ORDER BY d.id");
        try (Connection c = jdbc.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO deadline_timer (deadline_id, ticket_id, kind,"
                    + " step, planned_at, due_at, state, created_at) SELECT id, ticket_id, 'BREACH', 0, ?, ?, 'PENDING',"
                    + " now() FROM deadline WHERE id = ?");
                    PreparedStatement notify = c.prepareStatement("SELECT pg_notify('hotline_timers', ?)")) {
                Instant[] earliest = new Instant[1];
                pace(perSecond, seconds, (i, due) -> {
                    Instant at = due.plus(ahead);
                    earliest[0] = earliest[0] == null || at.isBefore(earliest[0]) ? at : earliest[0];
                    insert.setTimestamp(1, Timestamp.from(at));
                    insert.setTimestamp(2, Timestamp.from(at));
                    insert.setLong(3, ids.get(i));
                    insert.addBatch();
                }, () -> {
                    insert.executeBatch();
                    if (earliest[0] != null) {
                        notify.setString(1, Long.toString(earliest[0].toEpochMilli()));
                        notify.executeQuery().close();
                        earliest[0] = null;
                    }
                    c.commit();
                });
            }
        }
    }

    interface Item {
        void add(int index, Instant due) throws SQLException;
    }

    interface Flush {
        void run() throws SQLException;
    }

    /** Calls {@code item} perSecond times a second for the given seconds, flushing every 10 ms. */
    static void pace(int perSecond, int seconds, Item item, Flush flush) throws Exception {
        int total = perSecond * seconds;
        long start = System.nanoTime();
        int written = 0;
        while (written < total) {
            long elapsedNanos = System.nanoTime() - start;
            int due = (int) Math.min(total, elapsedNanos * perSecond / 1_000_000_000L);
            for (; written < due; written++) {
                item.add(written, Instant.now());
            }
            flush.run();
            long next = start + (long) (written + 1) * 1_000_000_000L / perSecond;
            long sleep = Math.min(10_000_000L, Math.max(0, next - System.nanoTime()));
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L)); // pacing a producer to wall time
            }
        }
    }

    void awaitFired(String tag, int total, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (count("SELECT count(*) FROM deadline_timer WHERE state = 'FIRED' AND ticket_id IN " + tickets(tag)) < total) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timers not all fired within " + limit);
            }
            Thread.sleep(100);
        }
    }

    /** n tickets with one REPLY deadline each (and, if asked, its BREACH timer due an hour ago); answers their tag. */
    static String deadlines(int n, boolean withTimers) throws SQLException {
        String tag = "T" + System.nanoTime();
        sql("""
                WITH tk AS (
                    INSERT INTO ticket (number, status, category, caller_number, received_at, shift, office_hours,
                                        created_at, updated_at)
                    SELECT '%s-' || g, 'OPEN', 'GENERAL_QUALITY', '+8613900000000', now() - interval '2 hours', 'DAY',
                           true, now(), now()
                      FROM generate_series(1, %d) g
                    RETURNING id, received_at
                )
                INSERT INTO deadline (ticket_id, kind, due_at, state)
                SELECT id, 'REPLY', received_at + interval '30 minutes', 'PENDING' FROM tk
                """.formatted(tag, n));
        if (withTimers) {
            sql("INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)"
                    + " SELECT id, ticket_id, 'BREACH', 0, due_at, due_at, 'PENDING', now() FROM deadline"
                    + " WHERE ticket_id IN " + tickets(tag));
        }
        sql("ANALYZE");
        return tag;
    }

    static String tickets(String tag) {
        return "(SELECT id FROM ticket WHERE number LIKE '" + tag + "-%')";
    }

    Pool pool() {
        PgConnectOptions options = new PgConnectOptions().setHost("localhost").setPort(db.port())
                .setDatabase("postgres").setUser("postgres").setPassword(db.password());
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
    }

    static TimerEngine engine(Pool pool, String name, int batch) {
        return new TimerEngine(pool, Clock.systemUTC(), new TimerEngine.Settings(name, batch, Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofSeconds(1), 5, ZoneId.of("Asia/Shanghai")),
                com.evhotline.deadline.engine.Responsible.always(true, com.evhotline.calendar.Shift.DAY, List.of()),
                ids -> { }, b -> { });
    }

    /** db-scheduler with lock-and-fetch polling; its task makes the same state change as a breach. */
    Scheduler scheduler(Duration polling, int threads, double lower, double upper) {
        OneTimeTask<Void> breach = Tasks.oneTime("breach").execute((instance, context) -> {
            long deadline = Long.parseLong(instance.getId());
            try (Connection c = jdbc.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement d = c.prepareStatement(
                        "UPDATE deadline SET state = 'BREACHED' WHERE id = ? AND state = 'PENDING' RETURNING ticket_id");
                        PreparedStatement e = c.prepareStatement("INSERT INTO ticket_event (ticket_id, at, actor, type,"
                                + " detail) VALUES (?, now(), 'db-scheduler', 'DEADLINE_BREACHED', '{}')");
                        PreparedStatement n = c.prepareStatement("INSERT INTO notification (created_at, source, kind, channel,"
                                + " ticket_id, deadline_id, subject, state) VALUES (now(), ?, 'DEADLINE_BREACHED', 'LOG', ?, ?,"
                                + " 'breach', 'PENDING')")) {
                    d.setLong(1, deadline);
                    try (ResultSet rs = d.executeQuery()) {
                        if (rs.next()) {
                            long ticket = rs.getLong(1);
                            e.setLong(1, ticket);
                            e.executeUpdate();
                            n.setString(1, "dbs:" + deadline);
                            n.setLong(2, ticket);
                            n.setLong(3, deadline);
                            n.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        });
        return Scheduler.create(jdbc, breach)
                .threads(threads)
                .pollingInterval(polling)
                .pollUsingLockAndFetch(lower, upper)
                .build();
    }

    static double rate(long n, long startNanos) {
        return n / ((System.nanoTime() - startNanos) / 1e9);
    }

    static long[] percentiles(String sql) throws SQLException {
        return new long[] {
            count("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY v) FROM (" + sql + ") x(v)"),
            count("SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY v) FROM (" + sql + ") x(v)"),
            count("SELECT max(v) FROM (" + sql + ") x(v)")
        };
    }

    static List<Long> ids(String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static long count(String sql) throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sql(String sql) throws SQLException {
        try (Connection c = jdbc == null ? java.sql.DriverManager.getConnection(db.jdbcUrl(), "postgres", db.password())
                : jdbc.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
