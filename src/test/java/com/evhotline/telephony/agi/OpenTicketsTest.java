package com.evhotline.telephony.agi;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.service.OpenTickets;
import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The routing script names a call's ticket from memory, before the database has the call: a repeat
 * caller is told the open ticket, whoever opened it and however it closed, because the database tells
 * every instance of each such change. When memory was out of date all the same, the call still lands on
 * the ticket the rules give, the number told is kept on record, and memory reads the caller again.
 * Dates are in 2038, where no other test places calls.
 */
@QuarkusTest
class OpenTicketsTest {

    private static final String HOST = "127.0.0.1";
    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis() / 1000 * 1000 + 700);
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Inject
    TestClock clock;

    @Inject
    OpenTickets open;

    private static String linkedId() {
        return SEQ.incrementAndGet() + ".0";
    }

    private static String told(String caller, String linkedId) {
        AgiResult r = FakeAgiClient.call().callerId(caller).linkedId(linkedId).run(HOST, EmbeddedPostgresResource.agiPort());
        assertTrue(r.elapsed().toMillis() < 1000, "answered within a second: " + r.elapsed());
        return r.variables().get("HOTLINE_TICKET");
    }

    /** The number of the ticket the database put the call on, once it has. */
    private static String ticketOf(String linkedId) {
        return Await.value(() -> Api.queryString("SELECT t.number FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.linked_id = '" + linkedId + "'"), BOUND);
    }

    private static String callEvent(String linkedId) {
        return Api.queryString("SELECT e.detail FROM ticket_event e JOIN call_record c ON c.ticket_id = e.ticket_id"
                + " WHERE c.linked_id = '" + linkedId + "' AND e.type = 'CALL' AND e.detail::jsonb ->> 'linkedId' = '" + linkedId
                + "'");
    }

    private void memoryHas(String caller, String number) {
        Await.until("memory holds " + number + " as the open ticket of " + caller, BOUND,
                () -> Objects.equals(number, open.joinable(caller, clock.instant())));
    }

    /** A ticket written as another writer would whose notification never came (triggers off for this session). */
    private static String silentTicket(String caller, String receivedAt) throws Exception {
        return ticketBySql(caller, receivedAt, true);
    }

    /** A ticket inserted straight into the table, as SQL by hand or another program would. */
    private static String ticketBySql(String caller, String receivedAt, boolean silently) throws Exception {
        String number = "HL-20380301-S" + SEQ.incrementAndGet() % 100_000;
        String insert = "INSERT INTO ticket (number, status, category, caller_number, received_at, shift, office_hours,"
                + " created_at, updated_at) VALUES ('" + number + "', 'OPEN', 'GENERAL_QUALITY', '" + caller + "', '"
                + receivedAt + "', 'DAY', true, now(), now())";
        Api.execute(silently ? "SET session_replication_role = replica; " + insert + "; RESET session_replication_role"
                : insert);
        return number;
    }

    @Test
    void shouldTellARepeatCallerTheOpenTicketUntilItIsResolvedThenANewOne() throws Exception {
        clock.set("2038-03-01T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String first = linkedId();
        String again = linkedId();
        String t1 = told(caller, first);
        String t2 = told(caller, again); // at once: the first call is not necessarily in the database yet

        assertEquals(t1, t2, "the second call joins the ticket the first opened");
        assertEquals(t1, ticketOf(first));
        assertEquals(t1, ticketOf(again));
        assertFalse(callEvent(again).contains("numberGivenToPbx"), "told what the database did: " + callEvent(again));

        // resolved (here straight in the database, as any writer: the notification comes from the table)
        Api.execute("UPDATE ticket SET status = 'RESOLVED', resolved_at = now(), resolution = 'explained'"
                + " WHERE number = '" + t1 + "'");
        memoryHas(caller, null);
        clock.set("2038-03-01T10:30:00+08:00");
        String later = linkedId();
        String t3 = told(caller, later);

        assertNotEquals(t1, t3, "a resolved ticket is not joined: a new one");
        assertEquals(t3, ticketOf(later));

        Api.execute("UPDATE ticket SET status = 'OPEN' WHERE number = '" + t1 + "'"); // reopened
        memoryHas(caller, t3); // the latest open ticket is still the one joined
        Api.execute("UPDATE ticket SET status = 'CLOSED', resolved_at = now(), closed_at = now() WHERE number = '"
                + t3 + "'");
        memoryHas(caller, t1); // read again: the caller's older ticket is open, and within the window
        String last = linkedId();
        assertEquals(t1, told(caller, last));
        assertEquals(t1, ticketOf(last));
    }

    @Test
    void shouldTellACallerTheTicketOpenedForThemByHand() {
        clock.set("2038-03-02T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String number = as(Api.user("agent")).body(Map.of("callerNumber", caller, "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().path("number");
        memoryHas(caller, number);
        String call = linkedId();

        assertEquals(number, told(caller, call));
        assertEquals(number, ticketOf(call));
    }

    @Test
    void shouldPutTheCallWhereTheDatabaseSaysAndKeepWhatThePbxWasToldWhenMemoryWasOutOfDate() throws Exception {
        clock.set("2038-03-03T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String silent = silentTicket(caller, "2038-03-03T09:00:00+08:00");
        double before = corrected();
        String call = linkedId();

        String told = told(caller, call);

        assertNotEquals(silent, told, "memory did not know of the ticket");
        assertEquals(silent, ticketOf(call), "the database joins the caller's open ticket, as the rules say");
        assertTrue(callEvent(call).contains("\"numberGivenToPbx\":\"" + told + "\""), callEvent(call));
        Await.until("the correction counted", BOUND, () -> corrected() == before + 1);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket WHERE number = '" + told + "'"),
                "no ticket under the number told");
        memoryHas(caller, silent); // read again after the correction
        String next = linkedId();
        assertEquals(silent, told(caller, next));
        assertEquals(silent, ticketOf(next));
    }

    @Test
    void shouldReadAgainWhatWasMissedWhileNotListening() throws Exception {
        clock.set("2038-03-04T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String silent = silentTicket(caller, "2038-03-04T09:30:00+08:00");
        assertEquals(null, open.joinable(caller, clock.instant()));

        // the listening connection drops (a restart of the database, a network cut): it reconnects and reads all
        assertEquals(1, Api.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE query ILIKE 'LISTEN%" + OpenTickets.CHANNEL + "%'"));

        memoryHas(caller, silent);
        assertTrue(open.known());
        com.evhotline.support.Api.asAdmin().get("/q/health/group/pbx").then().body("checks[0].data.openTicketsKnown",
                org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void shouldReadAgainEveryMinuteWhatAHalfOpenLinkNeverBrought() throws Throwable {
        clock.set("2038-03-05T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String silent = silentTicket(caller, "2038-03-05T09:30:00+08:00"); // the link stays up, the notice never comes
        assertEquals(null, open.joinable(caller, clock.instant()));

        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> open.minute()); // as the scheduler runs it

        assertEquals(silent, open.joinable(caller, clock.instant()), "the minute's reading found it");
    }

    @Test
    void shouldForgetATicketDeletedOrRenumberedByAnyWriter() throws Exception {
        clock.set("2038-03-07T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String number = ticketBySql(caller, "2038-03-07T09:00:00+08:00", false);
        memoryHas(caller, number); // an insert by hand is heard as well
        Api.execute("UPDATE ticket SET number = '" + number + "R' WHERE number = '" + number + "'");
        memoryHas(caller, number + "R");
        Api.execute("DELETE FROM ticket WHERE number = '" + number + "R'");
        memoryHas(caller, null);
    }

    @Test
    void shouldGiveTwoCallsOfOneCallerArrivingTogetherOneTicket() {
        clock.set("2038-03-05T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String a = linkedId();
        String b = linkedId();
        var first = CompletableFuture.supplyAsync(() -> told(caller, a));
        var second = CompletableFuture.supplyAsync(() -> told(caller, b));

        assertEquals(first.join(), second.join());
        assertEquals(first.join(), ticketOf(a));
        assertEquals(first.join(), ticketOf(b));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE caller_number = '" + caller + "'"));
    }

    @Test
    void shouldNeverTellAWithheldCallerAnotherCallsTicket() {
        clock.set("2038-03-06T10:00:00+08:00");
        String a = linkedId();
        String b = linkedId();
        assertNotEquals(told("anonymous", a), told("anonymous", b));
        assertNotEquals(ticketOf(a), ticketOf(b));
    }

    private static double corrected() {
        String metrics = com.evhotline.support.Api.asAdmin().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("hotline_agi_ticket_corrected_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
