package com.evhotline.deadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engines sharing one database fire every timer once, whatever happens between claim and effect. */
@QuarkusTest
class ExactlyOnceTest {

    private final Vertx vertx = Vertx.vertx();

    private final java.util.List<String> tags = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.closeAndAwait();
        // the escalation steps a test's breaches planned would fall due in the next test's fixed-clock rounds
        for (String tag : tags) {
            Api.execute("UPDATE deadline_timer SET state = 'CANCELLED' WHERE state = 'PENDING' AND ticket_id IN"
                    + " (SELECT id FROM ticket WHERE number LIKE '" + tag + "-%')");
        }
    }

    /** A pool of its own, as another service instance would have. */
    private Pool instancePool() {
        PgConnectOptions options = new PgConnectOptions().setHost("localhost")
                .setPort(EmbeddedPostgresResource.port()).setDatabase("postgres").setUser("postgres")
                .setPassword(EmbeddedPostgresResource.password());
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
    }

    private static TimerEngine engine(Pool pool, Instant now, String name, TimerEngine.ClaimHook hook) {
        return new TimerEngine(pool, Clock.fixed(now, ZoneOffset.UTC), new TimerEngine.Settings(name, 100,
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(1), 5, ZoneId.of("Asia/Shanghai")),
                Responsible.always(true, com.evhotline.calendar.Shift.DAY, List.of()), hook, b -> { });
    }

    /** Tickets with one REPLY deadline each and its breach timer, due at {@code due}; answers the batch's tag. */
    private String bulkTimers(int n, Instant due) throws Exception {
        String tag = "B" + System.nanoTime();
        tags.add(tag);
        String at = "'" + due.minus(Duration.ofMinutes(30)) + "'::timestamptz";
        Api.execute("""
                WITH tk AS (
                    INSERT INTO ticket (number, status, category, caller_number, received_at, shift, office_hours,
                                        created_at, updated_at)
                    SELECT '%s-' || g, 'OPEN', 'GENERAL_QUALITY', '+8613900000000', %s, 'DAY', true, %s, %s
                      FROM generate_series(1, %d) g
                    RETURNING id, received_at
                ), d AS (
                    INSERT INTO deadline (ticket_id, kind, due_at, state)
                    SELECT id, 'REPLY', received_at + interval '30 minutes', 'PENDING' FROM tk
                    RETURNING id, ticket_id, due_at
                )
                INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                SELECT id, ticket_id, 'BREACH', 0, due_at, due_at, 'PENDING', due_at FROM d
                """.formatted(tag, at, at, at, n));
        return tag;
    }

    private static long count(String tag, String sql) {
        return Api.queryLong(sql.replace("$TICKETS", "(SELECT id FROM ticket WHERE number LIKE '" + tag + "-%')"));
    }

    @Test
    void shouldFireTenThousandTimersExactlyOnceWithTwoEnginesOnOneDatabase() throws Exception {
        Instant due = Instant.parse("1997-03-05T02:00:00Z"); // before any other test's timers
        String tag = bulkTimers(10_000, due);
        Instant now = due.plusSeconds(60);
        TimerEngine a = engine(instancePool(), now, "instance-a", ids -> { });
        TimerEngine b = engine(instancePool(), now, "instance-b", ids -> { });

        List<Integer> fired = Uni.join().all(a.runDue(), b.runDue()).andFailFast().await().atMost(Duration.ofMinutes(3));

        assertTrue(fired.get(0) + fired.get(1) >= 10_000, "together they fired them all: " + fired);
        assertEquals(10_000, count(tag, "SELECT count(*) FROM deadline_timer WHERE ticket_id IN $TICKETS AND state = 'FIRED' AND attempts = 1"));
        assertEquals(10_000, count(tag, "SELECT count(*) FROM deadline WHERE ticket_id IN $TICKETS AND state = 'BREACHED'"));
        assertEquals(10_000, count(tag, "SELECT count(*) FROM ticket_event WHERE ticket_id IN $TICKETS AND type = 'DEADLINE_BREACHED'"));
        assertEquals(10_000, count(tag, "SELECT count(DISTINCT ticket_id) FROM ticket_event WHERE ticket_id IN $TICKETS AND type = 'DEADLINE_BREACHED'"));
        assertEquals(10_000, count(tag, "SELECT count(*) FROM notification WHERE ticket_id IN $TICKETS AND channel = 'LOG'"));
        assertEquals(10_000, count(tag, "SELECT count(*) FROM deadline_timer WHERE ticket_id IN $TICKETS AND kind = 'ESCALATION' AND step = 1"),
                "each breach planned exactly one first escalation step");
        assertTrue(fired.get(0) > 0 && fired.get(1) > 0, "both instances took part: " + fired);
    }

    @Test
    void shouldEndWithExactlyOneEffectWhenTheInstanceFailsBetweenClaimAndEffect() throws Exception {
        Instant due = Instant.parse("1998-03-05T03:00:00Z"); // before any other test's timers
        String tag = bulkTimers(3, due);
        AtomicBoolean crashed = new AtomicBoolean();
        TimerEngine crashing = engine(instancePool(), due.plusSeconds(1), "crashing", ids -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("the instance died after claiming " + ids.size() + " timers");
            }
        });

        assertThrows(IllegalStateException.class, () -> crashing.runDue().await().atMost(Duration.ofSeconds(30)));
        assertEquals(3, count(tag, "SELECT count(*) FROM deadline_timer WHERE ticket_id IN $TICKETS AND state = 'PENDING'"),
                "the claim was rolled back with the transaction");
        assertEquals(0, count(tag, "SELECT count(*) FROM ticket_event WHERE ticket_id IN $TICKETS"));

        crashing.runDue().await().atMost(Duration.ofSeconds(30));
        crashing.runDue().await().atMost(Duration.ofSeconds(30));

        assertEquals(3, count(tag, "SELECT count(*) FROM ticket_event WHERE ticket_id IN $TICKETS AND type = 'DEADLINE_BREACHED'"));
        assertEquals(3, count(tag, "SELECT count(*) FROM notification WHERE ticket_id IN $TICKETS AND channel = 'LOG'"));
        assertEquals(3, count(tag, "SELECT count(*) FROM deadline_timer WHERE ticket_id IN $TICKETS AND state = 'FIRED'"));
    }

    @Test
    void shouldRetryAFailingTimerWithBackoffWithoutHoldingUpItsBatchAndAlertWhenItGivesUp() throws Exception {
        Instant due = Instant.parse("1999-03-05T04:00:00Z"); // before any other test's timers: its batch holds only its own
        String tag = bulkTimers(3, due);
        // one timer whose effect always fails: a trigger refuses the event its firing writes
        long bad = count(tag, "SELECT min(id) FROM deadline_timer WHERE ticket_id IN $TICKETS");
        try {
            Api.execute("CREATE OR REPLACE FUNCTION fail_one_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.ticket_id = (SELECT ticket_id FROM deadline_timer WHERE id = " + bad + ") "
                    + "THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$");
            Api.execute("CREATE TRIGGER fail_one_event BEFORE INSERT ON ticket_event FOR EACH ROW EXECUTE FUNCTION fail_one_event()");
            Instant now = due.plusSeconds(1);
            for (int attempt = 1; attempt <= 5; attempt++) {
                engine(instancePool(), now, "retrying", ids -> { }).runDue().await().atMost(Duration.ofSeconds(30));
                now = now.plusSeconds(300);
            }
        } finally {
            Api.execute("DROP TRIGGER IF EXISTS fail_one_event ON ticket_event");
        }
        assertEquals(2, count(tag, "SELECT count(*) FROM deadline_timer WHERE ticket_id IN $TICKETS AND kind = 'BREACH'"
                + " AND state = 'FIRED' AND attempts = 1"), "the other two fired in the first round");
        assertEquals("FAILED", Api.queryString("SELECT state FROM deadline_timer WHERE id = " + bad));
        assertEquals(5, Api.queryLong("SELECT attempts FROM deadline_timer WHERE id = " + bad));
        assertTrue(Api.queryString("SELECT last_error FROM deadline_timer WHERE id = " + bad).contains("injected failure"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM notification WHERE source = 'timer-failed:" + bad + "' AND channel = 'LOG'"),
                "the give-up is raised as an alert");
    }
}
