package com.evhotline.deadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loop sleeps until the next due instant and is woken by NOTIFY, with no polling to fall back on. */
@QuarkusTest
class EngineLoopTest {

    @Test
    void shouldWakeOnNotifyAndFireATimerWrittenAfterItWentToSleep() throws Exception {
        Vertx vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions().setHost("localhost").setPort(EmbeddedPostgresResource.port())
                .setDatabase("postgres").setUser("postgres").setPassword(EmbeddedPostgresResource.password());
        Pool pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
        // a real-time clock set back to 2020, so the timers other tests left behind are not due for this engine
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2020-01-01T00:00:00Z")));
        TimerEngine engine = new TimerEngine(pool, clock, new TimerEngine.Settings("loop-test", 100,
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(1), 5, ZoneId.of("Asia/Shanghai")),
                Responsible.always(true, com.evhotline.calendar.Shift.DAY, List.of()), ids -> { }, b -> { });
        EngineLoop loop = new EngineLoop(engine, vertx, clock, Duration.ofHours(1), n -> { });
        TimerWakeups wakeups = new TimerWakeups(vertx, "postgresql://localhost:" + EmbeddedPostgresResource.port()
                + "/postgres", Optional.of("postgres"), Optional.of(EmbeddedPostgresResource.password()));
        try {
            wakeups.listen(loop::wakeAt).await().atMost(Duration.ofSeconds(10));
            loop.start();
            String number = "LOOP-" + System.nanoTime();
            Instant due = clock.instant().plusMillis(300);
            Api.execute("""
                    WITH tk AS (
                        INSERT INTO ticket (number, status, category, caller_number, received_at, shift, office_hours,
                                            created_at, updated_at)
                        VALUES ('%s', 'OPEN', 'INQUIRY', '+8613900000001', now(), 'DAY', true, now(), now()) RETURNING id
                    ), d AS (
                        INSERT INTO deadline (ticket_id, kind, due_at, state)
                        SELECT id, 'REPLY', '%s'::timestamptz, 'PENDING' FROM tk RETURNING id, ticket_id, due_at
                    )
                    INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                    SELECT id, ticket_id, 'BREACH', 0, due_at, due_at, 'PENDING', now() FROM d;
                    SELECT pg_notify('hotline_timers', '%d');
                    """.formatted(number, due, due.toEpochMilli()));
            String state = "PENDING";
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"FIRED".equals(state) && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll the outcome, bounded above
                state = Api.queryString("SELECT t.state FROM deadline_timer t JOIN ticket k ON k.id = t.ticket_id"
                        + " WHERE k.number = '" + number + "'");
            }
            assertEquals("FIRED", state, "fired without a sweep: the notification woke the loop, which slept until due");
        } finally {
            loop.stop();
            vertx.closeAndAwait();
        }
    }
}
