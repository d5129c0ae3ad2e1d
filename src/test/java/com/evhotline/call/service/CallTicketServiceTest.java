package com.evhotline.call.service;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.queryLong;
import static com.evhotline.support.Api.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallSnapshot;
import com.evhotline.call.service.CallTicketService.Intake;
import com.evhotline.call.service.CallTicketService.Placed;
import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Calls put on tickets many at a time: what a batch writes is what the rules ask of one ticket (the
 * same deadlines, timers and history as a ticket opened by hand), a caller's calls meet on one ticket
 * even within one batch, writing twice changes nothing, and concurrent batches over the same callers
 * neither deadlock nor open a second ticket. Dates in May 2045, used by no other test.
 */
@QuarkusTest
class CallTicketServiceTest {

    static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    TestClock clock;

    @Inject
    CallTicketService tickets;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Calls placed so far by the one-round-trip path ({@code fresh}) or the general one. */
    double placedBy(String path) {
        return meters.find("hotline.calls.placed").tag("path", path).counter().count();
    }

    static String linkedId() {
        return "2045050" + System.nanoTime() % 1000 + "." + SEQ.incrementAndGet();
    }

    static Intake agi(String linkedId, String caller, String at, String promised) {
        return new Intake(linkedId, caller, Instant.parse(at), "QUEUE", "hotline", promised, "AGI");
    }

    void settle(String... linkedIds) {
        tickets.settleAll(List.of(linkedIds)).await().atMost(Duration.ofSeconds(20));
    }

    static List<Placed> await(io.smallrye.mutiny.Uni<List<Placed>> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void aBatchOpensTicketsByTheRulesOfAHandOpenedOneAndACallersCallsMeetOnOne() {
        clock.set("2045-05-08T10:05:00+08:00"); // Monday, office hours
        String caller = Numbers.national();
        String other = Numbers.national();
        String first = linkedId();
        String second = linkedId();
        String withheld = linkedId();
        String promisedCall = linkedId();
        String promised = "HL-20450508-9" + String.format("%03d", SEQ.incrementAndGet() % 1000);
        List<Intake> batch = List.of(
                agi(second, caller, "2045-05-08T02:00:05Z", null), // listed first, happened second
                agi(first, caller, "2045-05-08T02:00:00Z", null),
                agi(withheld, "unknown", "2045-05-08T02:00:01Z", null),
                agi(promisedCall, other, "2045-05-08T02:00:02Z", promised));

        List<Placed> placed = await(tickets.placeAll(batch));

        assertEquals(4, placed.size(), "one answer per intake, in order");
        Placed p2 = placed.get(0);
        Placed p1 = placed.get(1);
        assertEquals(p1.ticketId(), p2.ticketId(), "the caller's two calls are on one ticket");
        assertFalse(p1.joined(), "the earlier call opened it");
        assertTrue(p2.joined(), "the later one joined it");
        assertEquals(promised, placed.get(3).number(), "the number the PBX was promised is the ticket's");
        assertTrue(placed.get(2).ticketId() != null && !placed.get(2).ticketId().equals(p1.ticketId()));
        assertEquals(1, queryLong("SELECT count(*) FROM ticket WHERE caller_number = '+86" + caller + "'"));
        assertEquals(1, queryLong("SELECT count(*) FROM customer WHERE phone = '+86" + caller + "'"));
        assertEquals(Instant.parse("2045-05-08T02:00:00Z").getEpochSecond(), queryLong(
                "SELECT extract(epoch FROM received_at)::bigint FROM ticket WHERE id = " + p1.ticketId()),
                "received when its first call came");
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL", queryString(
                "SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = " + p1.ticketId()));
        assertTrue(queryString("SELECT detail FROM ticket_event WHERE ticket_id = " + p1.ticketId()
                + " AND type = 'CALL' ORDER BY id DESC LIMIT 1").contains("\"joined\":true"));
        assertEquals("f", queryString("SELECT withheld FROM call_record WHERE linked_id = '" + first + "'"));
        assertEquals("t", queryString("SELECT withheld FROM call_record WHERE linked_id = '" + withheld + "'"));

        // the same deadlines and timers as a ticket an agent opens by hand for a call at the same instant
        String agent = Api.user("agent");
        long manual = as(agent).body(Map.of("callerNumber", Numbers.e164(Numbers.national()), "category",
                "GENERAL_QUALITY", "receivedAt", "2045-05-08T10:00:00+08:00")).post("/api/tickets").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        assertEquals(shape(manual), shape(p1.ticketId()), "deadlines and timers, relative to receipt");
        assertEquals(4, queryLong("SELECT count(*) FROM deadline_timer WHERE ticket_id = " + p1.ticketId()));

        // written again (the journal replayed, the AMI side telling the same): nothing changes
        long events = queryLong("SELECT count(*) FROM ticket_event");
        List<Placed> again = await(tickets.placeAll(batch));
        for (int i = 0; i < placed.size(); i++) {
            assertEquals(placed.get(i).callId(), again.get(i).callId());
            assertEquals(placed.get(i).ticketId(), again.get(i).ticketId());
            assertEquals(placed.get(i).number(), again.get(i).number());
        }
        assertEquals(events, queryLong("SELECT count(*) FROM ticket_event"), "no second history");
        assertEquals(1, queryLong("SELECT count(*) FROM ticket WHERE caller_number = '+86" + caller + "'"));
    }

    @Inject
    CallWriter writer;

    @Test
    void anOutcomeTheTicketHasTakenIsNotChangedByALaterReport() {
        clock.set("2045-05-10T10:05:00+08:00");
        String id = linkedId();
        String caller = Numbers.national();
        Instant start = Instant.parse("2045-05-10T02:00:00Z");
        // recovered from the CDRs as missed (no acceptance mark): the ticket goes to CALLBACK
        writer.write(List.of(new CallSnapshot(id, caller, start, "hotline", start.plusSeconds(1), true, null, null,
                CallOutcome.MISSED, start.plusSeconds(60), null)), "CDR").await().atMost(Duration.ofSeconds(20));
        String ticket = queryString("SELECT ticket_id FROM call_record WHERE linked_id = '" + id + "'");
        assertEquals("true", queryString("SELECT outcome_applied::text FROM call_record WHERE linked_id = '" + id + "'"));

        // then a late report says an agent took it: the record keeps the outcome its ticket acted on
        writer.write(List.of(new CallSnapshot(id, caller, start, "hotline", start.plusSeconds(1), true,
                start.plusSeconds(8), "agent-1", CallOutcome.ANSWERED, start.plusSeconds(60), null)), "AMI")
                .await().atMost(Duration.ofSeconds(20));

        assertEquals("MISSED|none|nobody", queryString("SELECT outcome || '|' || coalesce(answered_at::text, 'none') || '|'"
                + " || coalesce(answered_by_name, 'nobody') FROM call_record WHERE linked_id = '" + id + "'"),
                "and no answer beside it");
        assertEquals("CALLBACK", queryString("SELECT status FROM ticket WHERE id = " + ticket));
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL_MISSED", queryString(
                "SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = " + ticket));
    }

    @Test
    void aCallCountsInOrOutOfOfficeHoursAsTheRoutingScriptDecidedThoughTheAmiSideWroteItFirst() {
        clock.set("2045-05-11T17:30:01+08:00"); // Thursday; office hours end at 17:30
        String id = linkedId();
        String caller = Numbers.national();
        Instant channelUp = Instant.parse("2045-05-11T09:29:59.900Z"); // 17:29:59.9 in Shanghai
        writer.write(List.of(new CallSnapshot(id, caller, channelUp, null, null, false, null, null,
                CallOutcome.IN_PROGRESS, null, null)), "AMI").await().atMost(Duration.ofSeconds(20));
        assertEquals("true", queryString("SELECT office_hours::text FROM call_record WHERE linked_id = '" + id + "'"));

        await(tickets.placeAll(List.of(new Intake(id, caller, Instant.parse("2045-05-11T09:30:00.200Z"), "FORWARD",
                null, null, "AGI"))));

        assertEquals("false|FORWARD", queryString("SELECT office_hours::text || '|' || route FROM call_record"
                + " WHERE linked_id = '" + id + "'"), "forwarded after hours, counted after hours");
        assertEquals("NIGHT|false|2045-05-11 10:29:59.9+00", ticketShift(id),
                "its ticket of the same instant: the night's hour to reply, from when the call came");
    }

    /** The shift, office hours and REPLY due instant of the ticket a call is on. */
    private static String ticketShift(String linkedId) {
        return queryString("SELECT t.shift || '|' || t.office_hours || '|' || (d.due_at AT TIME ZONE 'UTC') || '+00'"
                + " FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " JOIN deadline d ON d.ticket_id = t.id AND d.kind = 'REPLY' WHERE c.linked_id = '" + linkedId + "'");
    }

    @Test
    void aTicketTheAmiSideOpensTakesItsShiftFromTheInstantTheScriptToldTheChannel() {
        clock.set("2045-05-11T17:31:00+08:00"); // Thursday; office hours end at 17:30
        String id = linkedId();
        String caller = Numbers.national();
        Instant channelUp = Instant.parse("2045-05-11T09:29:59.900Z");
        Instant routed = Instant.parse("2045-05-11T09:30:00.200Z");
        // offered to a mobile: the AMI side places the call itself, knowing when the script routed it
        writer.write(List.of(new CallSnapshot(id, caller, channelUp, null, null, true, null, null,
                CallOutcome.IN_PROGRESS, null, null, routed)), "AMI").await().atMost(Duration.ofSeconds(20));

        assertEquals("NIGHT|false|2045-05-11 10:29:59.9+00", ticketShift(id));
        assertEquals("false", queryString("SELECT office_hours::text FROM call_record WHERE linked_id = '" + id + "'"));

        await(tickets.placeAll(List.of(new Intake(id, caller, routed, "FORWARD", null, null, "AGI"))));
        assertEquals("NIGHT|false|2045-05-11 10:29:59.9+00", ticketShift(id), "the script's write changes nothing");
    }

    @Test
    void aTicketTheCdrsOpenTakesItsShiftFromTheRoutingInstantTheAmiSideRecorded() {
        clock.set("2045-05-11T17:40:00+08:00");
        String id = linkedId();
        String caller = Numbers.national();
        Instant channelUp = Instant.parse("2045-05-11T09:29:59.900Z");
        writer.write(List.of(new CallSnapshot(id, caller, channelUp, null, null, false, null, null,
                CallOutcome.IN_PROGRESS, null, null, Instant.parse("2045-05-11T09:30:00.200Z"))), "AMI")
                .await().atMost(Duration.ofSeconds(20));
        // the link dropped; the CDRs, which know no routing instant, end the call and open its ticket
        writer.write(List.of(new CallSnapshot(id, caller, channelUp, null, null, true, null, null,
                CallOutcome.MISSED, channelUp.plusSeconds(40), null)), "CDR").await().atMost(Duration.ofSeconds(20));

        assertEquals("NIGHT|false|2045-05-11 10:29:59.9+00", ticketShift(id));
    }

    @Test
    void aCallThatBypassedTheScriptTakesTheShiftOfItsStart() {
        clock.set("2045-05-11T17:40:00+08:00");
        String id = linkedId();
        Instant channelUp = Instant.parse("2045-05-11T09:29:59.900Z"); // 17:29:59.9: the dialplan's own fallback
        writer.write(List.of(new CallSnapshot(id, Numbers.national(), channelUp, "hotline", channelUp.plusSeconds(1),
                true, null, null, CallOutcome.IN_PROGRESS, null, null)), "AMI").await().atMost(Duration.ofSeconds(20));

        assertEquals("DAY|true|2045-05-11 09:59:59.9+00", ticketShift(id), "half an hour by day");
    }

    @Test
    void theNumberToldToThePbxIsOnRecordAlsoWhenTheCallWasOnATicketAlready() {
        clock.set("2045-05-11T11:00:01+08:00");
        String id = linkedId();
        String caller = Numbers.national();
        Placed first = await(tickets.placeAll(List.of(new Intake(id, caller, Instant.parse("2045-05-11T03:00:00Z"), null,
                "hotline", null, "AMI")))).get(0); // the AMI side first: the call bypassed the script, so far
        Placed again = await(tickets.placeAll(List.of(new Intake(id, caller, Instant.parse("2045-05-11T03:00:00.300Z"),
                "QUEUE", "hotline", "HL-20450511-7001", "AGI")))).get(0);

        assertEquals(first.ticketId(), again.ticketId(), "one call, one ticket");
        assertEquals(first.number(), again.number());
        assertTrue(queryString("SELECT detail FROM ticket_event WHERE ticket_id = " + first.ticketId()
                + " AND type = 'CALL' ORDER BY id DESC LIMIT 1").contains("\"numberGivenToPbx\":\"HL-20450511-7001\""));
        await(tickets.placeAll(List.of(new Intake(id, caller, Instant.parse("2045-05-11T03:00:00.300Z"), "QUEUE",
                "hotline", first.number(), "AGI"))));
        assertEquals(2, queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + first.ticketId()
                + " AND type = 'CALL'"), "told the right number: nothing more to record");
    }

    @Test
    void aMissedCallFromSomethingThatIsNoPhoneNumberIsExemptedLikeAWithheldOne() {
        clock.set("2045-05-12T10:05:00+08:00");
        String id = linkedId();
        List<Placed> placed = await(tickets.placeAll(List.of(agi(id, "agent-1", "2045-05-12T02:00:00Z", null))));
        end(id, "MISSED");
        settle(id);

        long ticket = placed.get(0).ticketId();
        assertEquals("true|null", queryString("SELECT withheld::text || '|' || coalesce(caller_number, 'null')"
                + " FROM call_record WHERE linked_id = '" + id + "'"), "nothing to call back");
        assertEquals("CALLBACK|EXEMPT", queryString("SELECT t.status || '|' || d.state FROM ticket t JOIN deadline d"
                + " ON d.ticket_id = t.id AND d.kind = 'REPLY' WHERE t.id = " + ticket));
        assertEquals(CallTicketService.WITHHELD_REASON, queryString("SELECT reason FROM exemption WHERE ticket_id = "
                + ticket));
    }

    @Test
    void endedCallsGiveTheirTicketsTheirOutcomeOnceAndAWithheldMissedCallExemptsItsDeadlines() {
        clock.set("2045-05-09T10:05:00+08:00");
        String missed = linkedId();
        String withheld = linkedId();
        String answered = linkedId();
        List<Placed> placed = await(tickets.placeAll(List.of(
                agi(missed, Numbers.national(), "2045-05-09T02:00:00Z", null),
                agi(withheld, "anonymous", "2045-05-09T02:00:01Z", null),
                agi(answered, Numbers.national(), "2045-05-09T02:00:02Z", null))));
        end(missed, "MISSED");
        end(withheld, "ABANDONED");
        end(answered, "ANSWERED");

        tickets.settleAll(List.of(missed, withheld, answered)).await().atMost(Duration.ofSeconds(20));
        tickets.settleAll(List.of(missed, withheld, answered)).await().atMost(Duration.ofSeconds(20));

        long missedTicket = placed.get(0).ticketId();
        long withheldTicket = placed.get(1).ticketId();
        long answeredTicket = placed.get(2).ticketId();
        assertEquals("CALLBACK", queryString("SELECT status FROM ticket WHERE id = " + missedTicket));
        assertEquals("CALLBACK", queryString("SELECT status FROM ticket WHERE id = " + withheldTicket));
        assertEquals("OPEN", queryString("SELECT status FROM ticket WHERE id = " + answeredTicket));
        assertEquals(1, queryLong("SELECT version FROM ticket WHERE id = " + missedTicket), "a change like any other");
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL_MISSED", queryString(
                "SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = " + missedTicket));
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL_ABANDONED,DEADLINE_EXEMPTED,DEADLINE_EXEMPTED",
                queryString("SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = "
                        + withheldTicket));
        assertEquals("EXEMPT,EXEMPT", queryString("SELECT string_agg(state, ',' ORDER BY kind) FROM deadline"
                + " WHERE ticket_id = " + withheldTicket), "nothing to act on: neither REPLY nor DISPATCH escalates");
        assertEquals(CallTicketService.WITHHELD_REASON, queryString("SELECT reason FROM exemption WHERE ticket_id = "
                + withheldTicket));
        assertEquals("CANCELLED,CANCELLED", queryString("SELECT string_agg(t.state, ',') FROM deadline_timer t JOIN"
                + " deadline d ON d.id = t.deadline_id WHERE d.kind = 'REPLY' AND d.ticket_id = " + withheldTicket));
        assertEquals("PENDING", queryString("SELECT state FROM deadline WHERE kind = 'REPLY' AND ticket_id = "
                + missedTicket), "a number we can call back keeps its reply deadline");
        assertEquals(3, queryLong("SELECT count(*) FROM call_record WHERE outcome_applied AND linked_id IN ('" + missed
                + "','" + withheld + "','" + answered + "')"));
    }

    /**
     * The customer calls again about a ticket already replied to (or dispatched) and nobody answers:
     * the ticket keeps its state, and whoever must call back is told, once: its assignee, or the
     * supervisors when it has none; the service log in any case.
     */
    @Test
    void aMissedCallOnATicketAlreadyRepliedToAsksForACallBackWithoutUndoingTheReply() {
        clock.set("2045-05-13T10:05:00+08:00");
        String agent = Api.user("agent");
        String supervisor = Api.user("supervisor");
        String unassignedCaller = Numbers.national();
        String assignedCaller = Numbers.national();
        String a1 = linkedId();
        String b1 = linkedId();
        List<Placed> first = await(tickets.placeAll(List.of(agi(a1, unassignedCaller, "2045-05-13T02:00:00Z", null),
                agi(b1, assignedCaller, "2045-05-13T02:00:01Z", null))));
        end(a1, "ANSWERED");
        end(b1, "ANSWERED");
        settle(a1, b1);
        long unassigned = first.get(0).ticketId();
        long assigned = first.get(1).ticketId();
        for (long id : List.of(unassigned, assigned)) {
            as(agent).body(Map.of("channel", "PHONE", "text", "we are on it")).post("/api/tickets/" + id + "/replies")
                    .then().statusCode(201);
        }
        Api.as(Api.user("supervisor")).body(Map.of("assigneeId", Api.staffId(agent), "reason", "took the first call"))
                .patch("/api/tickets/" + assigned).then().statusCode(200);

        // the same callers again, an hour later: nobody takes either call
        String a2 = linkedId();
        String b2 = linkedId();
        List<Placed> again = await(tickets.placeAll(List.of(agi(a2, unassignedCaller, "2045-05-13T03:00:00Z", null),
                agi(b2, assignedCaller, "2045-05-13T03:00:01Z", null))));
        assertEquals(unassigned, again.get(0).ticketId());
        assertEquals(assigned, again.get(1).ticketId());
        end(a2, "MISSED");
        end(b2, "ABANDONED");
        settle(a2, b2);
        settle(a2, b2);

        assertEquals("REPLIED", queryString("SELECT status FROM ticket WHERE id = " + unassigned), "the reply stands");
        assertEquals("REPLIED", queryString("SELECT status FROM ticket WHERE id = " + assigned));
        String told = "SELECT count(*) FROM notification WHERE kind = 'MISSED_CALL' AND channel = 'WEB' AND ticket_id = ";
        long owner = queryLong("SELECT assignee_id FROM ticket WHERE id = " + unassigned);
        assertEquals(1, queryLong(told + unassigned + " AND recipient_staff_id = " + owner),
                "never handed to anyone: the call-back queue's owner is told");
        assertEquals(1, queryLong(told + unassigned), "and nobody else");
        assertEquals(1, queryLong(told + assigned), "its assignee alone is told");
        assertEquals(1, queryLong(told + assigned + " AND recipient_staff_id = " + Api.staffId(agent)));
        assertTrue(queryString("SELECT subject FROM notification WHERE kind = 'MISSED_CALL' AND ticket_id = " + assigned
                + " AND channel = 'WEB'").startsWith("Missed call on ticket " + again.get(1).number() + " (REPLIED)"));
        assertEquals(2, queryLong("SELECT count(*) FROM notification WHERE kind = 'MISSED_CALL' AND channel = 'LOG'"
                + " AND ticket_id IN (" + unassigned + "," + assigned + ")"), "and the service log, once per call");
        // the owner's inbox shows it
        as(queryString("SELECT username FROM app_user WHERE staff_id = " + owner)).get("/api/inbox?unread=true")
                .then().statusCode(200)
                .body("findAll { it.kind == 'MISSED_CALL' }.ticketId", org.hamcrest.Matchers.hasItem((int) unassigned));
    }

    @Test
    void aCallTheAmiSideWroteFirstAndThatHasEndedIsPlacedWithItsOutcomeOnceEvenListedTwice() throws Exception {
        clock.set("2045-05-11T10:05:00+08:00");
        String id = linkedId();
        String caller = Numbers.national();
        // the AMI link saw the whole call (missed) before the routing script's intake reached the database
        Api.execute("INSERT INTO call_record (linked_id, caller_number, started_at, ended_at, outcome, office_hours, source)"
                + " VALUES ('" + id + "', '+86" + caller + "', '2045-05-11T01:59:58Z', '2045-05-11T02:01:00Z', 'MISSED',"
                + " true, 'AMI')");
        Intake in = agi(id, caller, "2045-05-11T02:00:00Z", null);

        List<Placed> placed = await(tickets.placeAll(List.of(in, in)));

        assertEquals(placed.get(0), placed.get(1), "the same call listed twice is one call");
        long ticket = placed.get(0).ticketId();
        assertEquals(Instant.parse("2045-05-11T01:59:58Z").getEpochSecond(), queryLong(
                "SELECT extract(epoch FROM received_at)::bigint FROM ticket WHERE id = " + ticket),
                "received when the PBX first saw the call");
        assertEquals("CALLBACK", queryString("SELECT status FROM ticket WHERE id = " + ticket));
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL_MISSED", queryString(
                "SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = " + ticket));
        assertEquals("AMI QUEUE", queryString("SELECT source || ' ' || route FROM call_record WHERE linked_id = '" + id
                + "'"), "the record keeps who told first and learns the route");
        assertEquals(1, queryLong("SELECT count(*) FROM call_record WHERE linked_id = '" + id + "'"));
    }

    @Test
    void concurrentBatchesOverTheSameCallersNeitherDeadlockNorOpenASecondTicket() throws Exception {
        clock.set("2045-05-10T10:05:00+08:00");
        placeConcurrently("2045-05-10", 5, 8, 20, false, new Random(45));
    }

    /**
     * The call-back notice is for a call made after the reply or the notice only: a missed call from
     * before it whose end is heard late (recovered from the CDRs after an AMI drop, say) was what the
     * reply or the dispatch answered, and tells nobody. On a DISPATCHED ticket a later missed call does
     * ask for a call-back, once however often it is settled.
     */
    @Test
    void onlyACallMadeAfterTheReplyOrNoticeAsksForACallBack() {
        clock.set("2045-05-14T10:05:00+08:00");
        String agent = Api.user("agent");
        String caller = Numbers.national();
        String early = linkedId();
        String first = linkedId();
        long ticket = await(tickets.placeAll(List.of(agi(first, caller, "2045-05-14T02:00:00Z", null),
                agi(early, caller, "2045-05-14T02:00:30Z", null)))).get(0).ticketId();
        end(first, "ANSWERED");
        settle(first);
        long station = Api.asAdmin().body(Map.of("code", "CB" + System.nanoTime() % 10000000, "name", "Suzhou"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "tow it to the station"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201);
        assertEquals("DISPATCHED", queryString("SELECT status FROM ticket WHERE id = " + ticket));

        // the early call (02:00:30, before the notice at 02:05) is heard to have been missed only now
        end(early, "MISSED");
        settle(early);
        String told = "SELECT count(*) FROM notification WHERE kind = 'MISSED_CALL' AND ticket_id = " + ticket;
        assertEquals(0, queryLong(told), "the notice answered that call: nobody to call back");
        assertEquals(1, queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + ticket
                + " AND type = 'CALL_MISSED'"), "the missed call is on the record all the same");

        // an hour later the customer calls again and nobody answers: that one asks for a call-back
        String later = linkedId();
        assertEquals(ticket, await(tickets.placeAll(List.of(agi(later, caller, "2045-05-14T03:00:00Z", null)))).get(0)
                .ticketId());
        end(later, "ABANDONED");
        settle(later);
        settle(later);
        assertEquals(1, queryLong(told + " AND channel = 'LOG'"), "once, however often it is settled");
        assertTrue(queryLong(told + " AND channel = 'WEB'") >= 1, "the supervisors' inbox");
        assertEquals("DISPATCHED", queryString("SELECT status FROM ticket WHERE id = " + ticket), "the dispatch stands");
    }

    /**
     * A fresh call (the script's, of a caller with no open ticket) is placed in one round trip by a
     * statement of its own; what it writes is what the general path writes for the same call: ticket,
     * customer, deadlines and timers, call record and history, row for row.
     */
    @Test
    void aFreshCallIsWrittenExactlyAsTheGeneralPathWritesIt() {
        clock.set("2045-05-11T10:05:00+08:00");
        String at = "2045-05-11T02:04:00Z";
        String freshCaller = Numbers.national();
        String generalCaller = Numbers.national();
        String fresh = linkedId();
        String general = linkedId();
        String promised = "HL-20450511-9" + String.format("%03d", SEQ.incrementAndGet() % 1000);
        double freshBefore = placedBy("fresh");
        double generalBefore = placedBy("general");
        Placed f = await(tickets.placeAll(List.of(agi(fresh, freshCaller, at, promised)))).get(0);
        assertEquals(freshBefore + 1, placedBy("fresh"), "placed in one round trip");
        // without a promised number a call takes the general path (as the AMI side's do)
        Placed g = await(tickets.placeAll(List.of(agi(general, generalCaller, at, null)))).get(0);
        assertEquals(generalBefore + 1, placedBy("general"));
        assertEquals(freshBefore + 1, placedBy("fresh"));

        assertEquals(promised, f.number());
        assertFalse(f.joined());
        assertEquals(picture(g, general, generalCaller), picture(f, fresh, freshCaller));

        // a second call of the fresh caller is not fresh: it joins the ticket the first one opened
        String again = linkedId();
        Placed j = await(tickets.placeAll(List.of(agi(again, freshCaller, "2045-05-11T02:06:00Z",
                "HL-20450511-8" + String.format("%03d", SEQ.incrementAndGet() % 1000))))).get(0);
        assertEquals(f.ticketId(), j.ticketId());
        assertTrue(j.joined());
        assertEquals("OPENED,DEADLINE_ADDED,DEADLINE_ADDED,CALL,CALL", queryString(
                "SELECT string_agg(type, ',' ORDER BY id) FROM ticket_event WHERE ticket_id = " + f.ticketId()));
        assertTrue(queryString("SELECT detail FROM ticket_event WHERE ticket_id = " + f.ticketId()
                + " AND type = 'CALL' ORDER BY id DESC LIMIT 1").contains("\"numberGivenToPbx\""),
                "the number the PBX was given for the joined call is kept on record");
    }

    /**
     * Which calls are fresh, and that the others still land right by the general path: a withheld call
     * is fresh (never merged); a call the AMI side recorded first is not, and its ticket is received when
     * the PBX first saw it; of two calls of one caller at the same instant the lower linked id opens the
     * ticket (as the general path orders them) and the other joins it; a caller whose open ticket is older
     * than the merge window is not fresh, and gets a new ticket.
     */
    @Test
    void freshOrNotEveryCallLandsAsTheRulesSay() throws Exception {
        clock.set("2045-05-15T10:05:00+08:00");
        double fresh = placedBy("fresh");
        String withheld = linkedId();
        Placed w = await(tickets.placeAll(List.of(agi(withheld, "unknown", "2045-05-15T02:00:00Z", promised())))).get(0);
        assertEquals(fresh + 1, placedBy("fresh"), "a withheld call is fresh");
        assertEquals("t", queryString("SELECT withheld FROM call_record WHERE id = " + w.callId()));
        assertEquals(null, queryString("SELECT caller_number FROM ticket WHERE id = " + w.ticketId()));

        String recorded = linkedId();
        String caller = Numbers.national();
        Api.execute("INSERT INTO call_record (linked_id, caller_number, started_at, outcome, office_hours, source)"
                + " VALUES ('" + recorded + "', '+86" + caller + "', '2045-05-15T01:59:58Z', 'IN_PROGRESS', true, 'AMI')");
        fresh = placedBy("fresh");
        Placed r = await(tickets.placeAll(List.of(agi(recorded, caller, "2045-05-15T02:00:00Z", promised())))).get(0);
        assertEquals(fresh, placedBy("fresh"), "recorded first: not fresh");
        assertEquals(Instant.parse("2045-05-15T01:59:58Z").getEpochSecond(), queryLong(
                "SELECT extract(epoch FROM received_at)::bigint FROM ticket WHERE id = " + r.ticketId()));
        assertEquals(1, queryLong("SELECT count(*) FROM call_record WHERE linked_id = '" + recorded + "'"));

        String twice = Numbers.national();
        int n = SEQ.incrementAndGet() % 100000;
        String lower = "2045051500.1" + String.format("%05d", n); // same length: linked ids sort as text
        String higher = "2045051500.9" + String.format("%05d", n);
        String lowerNumber = promised();
        List<Placed> same = await(tickets.placeAll(List.of(agi(higher, twice, "2045-05-15T02:01:00Z", promised()),
                agi(lower, twice, "2045-05-15T02:01:00Z", lowerNumber))));
        assertEquals(same.get(0).ticketId(), same.get(1).ticketId(), "one ticket for both");
        assertFalse(same.get(1).joined(), "the lower linked id opened it");
        assertTrue(same.get(0).joined());
        assertEquals(lowerNumber, same.get(1).number());

        String old = Numbers.national();
        Placed first = await(tickets.placeAll(List.of(agi(linkedId(), old, "2045-05-13T02:00:00Z", promised())))).get(0);
        fresh = placedBy("fresh");
        Placed later = await(tickets.placeAll(List.of(agi(linkedId(), old, "2045-05-15T02:02:00Z", promised())))).get(0);
        assertEquals(fresh, placedBy("fresh"), "an open ticket, if an old one: not fresh");
        assertFalse(later.joined(), "older than the merge window: a ticket of its own");
        assertNotEquals(first.ticketId(), later.ticketId());
    }

    /**
     * A routing script's call whose ticket was committed without the call's record (the record's statement
     * refused after COMMIT had gone, see PipelinedTransaction#atOnce) is put on that ticket when tried again:
     * the promised number is the call's alone. Not a second ticket, nor a number taken twice.
     */
    @Test
    void aCallWhoseTicketWasWrittenWithoutItsRecordIsPutOnThatTicket() throws Exception {
        clock.set("2045-05-15T10:05:00+08:00");
        String id = linkedId();
        String number = promised();
        Placed first = await(tickets.placeAll(List.of(agi(id, "unknown", "2045-05-15T02:00:00Z", number)))).get(0);
        Api.execute("DELETE FROM call_record WHERE id = " + first.callId());
        double fresh = placedBy("fresh");
        Placed again = await(tickets.placeAll(List.of(agi(id, "unknown", "2045-05-15T02:00:00Z", number)))).get(0);
        assertEquals(fresh + 1, placedBy("fresh"), "by the one-round-trip path");
        assertEquals(first.ticketId(), again.ticketId());
        assertEquals(number, again.number());
        assertEquals(1, queryLong("SELECT count(*) FROM ticket WHERE number = '" + number + "'"));
        assertEquals(first.ticketId(), queryLong("SELECT ticket_id FROM call_record WHERE linked_id = '" + id + "'"));

        // a known caller's: the orphaned ticket is also the caller's open one
        String known = linkedId();
        String caller = Numbers.national();
        String itsNumber = promised();
        Placed opened = await(tickets.placeAll(List.of(agi(known, caller, "2045-05-15T02:10:00Z", itsNumber)))).get(0);
        Api.execute("DELETE FROM call_record WHERE id = " + opened.callId());
        Placed retried = await(tickets.placeAll(List.of(agi(known, caller, "2045-05-15T02:10:00Z", itsNumber)))).get(0);
        assertEquals(opened.ticketId(), retried.ticketId());
        assertEquals(itsNumber, retried.number());
        assertEquals(1, queryLong("SELECT count(*) FROM ticket WHERE caller_number = '+86" + caller + "'"));
    }

    /**
     * A call written late, after a later call of its caller opened another ticket (a write retried, the
     * journal replayed after an outage), joins the ticket that was open at its own time: a call is a
     * second call of a ticket opened before it, never of one opened after it.
     */
    @Test
    void aCallWrittenLateJoinsTheTicketOfItsOwnTimeNotALaterOne() {
        String caller = Numbers.national();
        Placed first = await(tickets.placeAll(List.of(agi(linkedId(), caller, "2045-05-16T01:00:00Z", promised())))).get(0);
        // 24.5 h later: past the window, a ticket of its own
        Placed third = await(tickets.placeAll(List.of(agi(linkedId(), caller, "2045-05-17T01:30:00Z", promised())))).get(0);
        assertNotEquals(first.ticketId(), third.ticketId());

        // the call of 07:00 on the first day, written only now
        Placed second = await(tickets.placeAll(List.of(agi(linkedId(), caller, "2045-05-16T07:00:00Z", null)))).get(0);
        assertTrue(second.joined());
        assertEquals(first.ticketId(), second.ticketId(), "on the ticket open at 07:00, not the one opened the next day");
    }

    /** A number as the routing script promises them, unused by any other test. */
    private static String promised() {
        return "HL-20450515-" + (70000 + SEQ.incrementAndGet());
    }

    /** Concurrent batches of promised calls over shared callers: fresh and general paths together still give one ticket per caller. */
    @Test
    void concurrentFreshAndJoiningCallsGiveOneTicketPerCaller() throws Exception {
        clock.set("2045-05-12T10:05:00+08:00");
        List<String> all = placeConcurrently("2045-05-12", 4, 6, 10, true, new Random(4512));
        assertEquals(all.size(), queryLong("SELECT count(*) FROM ticket_event e JOIN call_record c ON c.ticket_id ="
                + " e.ticket_id AND e.detail LIKE '{\"callId\":' || c.id || ',%' WHERE e.type = 'CALL' AND c.linked_id IN ('"
                + String.join("','", all) + "')"), "one CALL event per call, naming its record");
    }

    /**
     * {@code batches} batches of {@code perBatch} calls from {@code callerCount} callers on {@code day}
     * (UTC, between 02:00 and 02:01), placed at once; asserts one ticket per caller and every call on a
     * ticket, and answers the linked ids.
     * With {@code promised} every call comes with a number, as the routing script's do.
     */
    private List<String> placeConcurrently(String day, int callerCount, int batches, int perBatch, boolean promised,
            Random random) throws Exception {
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < callerCount; i++) {
            callers.add(Numbers.national());
        }
        List<CompletableFuture<List<Placed>>> running = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Intake> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                String id = linkedId();
                all.add(id);
                batch.add(agi(id, callers.get(random.nextInt(callers.size())),
                        day + "T02:00:" + String.format("%02d", random.nextInt(60)) + "Z", !promised ? null
                                : "HL-" + day.replace("-", "") + "-" + String.format("%04d", 1000 + SEQ.incrementAndGet() % 9000)));
            }
            Collections.shuffle(batch, random);
            running.add(tickets.placeAll(batch).subscribeAsCompletionStage());
        }
        for (CompletableFuture<List<Placed>> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (String caller : callers) {
            assertEquals(1, queryLong("SELECT count(*) FROM ticket WHERE caller_number = '+86" + caller + "'"),
                    "one ticket for all the calls of " + caller);
        }
        assertEquals(all.size(), queryLong("SELECT count(*) FROM call_record WHERE ticket_id IS NOT NULL AND linked_id"
                + " IN ('" + String.join("','", all) + "')"), "every call on a ticket");
        return all;
    }

    /**
     * Everything written for one call's new ticket, with what differs between two calls (ids, numbers,
     * the caller's number, the linked id) replaced by placeholders.
     */
    private static String picture(Placed p, String linkedId, String nationalCaller) {
        String sql = "SELECT concat_ws(' | ',"
                + " (SELECT concat_ws(',', t.status, t.category, t.caller_number, t.customer_id IS NOT NULL, t.customer_name,"
                + "   t.received_at, t.shift, t.office_hours, t.assignee_id, t.created_at, t.updated_at, t.version)"
                + "   FROM ticket t WHERE t.id = " + p.ticketId() + "),"
                + " (SELECT concat_ws(',', u.phone, u.name, u.created_at, u.updated_at) FROM customer u JOIN ticket t"
                + "   ON t.customer_id = u.id WHERE t.id = " + p.ticketId() + "),"
                + " (SELECT string_agg(concat_ws(',', d.kind, d.due_at, d.state, d.met_at), ';' ORDER BY d.kind)"
                + "   FROM deadline d WHERE d.ticket_id = " + p.ticketId() + "),"
                + " (SELECT string_agg(concat_ws(',', d.kind, m.kind, m.step, m.planned_at, m.due_at, m.state, m.created_at),"
                + "   ';' ORDER BY d.kind, m.kind) FROM deadline_timer m JOIN deadline d ON d.id = m.deadline_id"
                + "   WHERE m.ticket_id = " + p.ticketId() + "),"
                + " (SELECT concat_ws(',', c.linked_id, c.caller_number, c.withheld, c.started_at, c.outcome, c.office_hours,"
                + "   c.source, c.route, c.queue, c.outcome_applied, c.updated_at) FROM call_record c WHERE c.id = " + p.callId() + "),"
                + " (SELECT string_agg(concat_ws(',', e.at, e.actor, e.type, e.detail), ';' ORDER BY e.id)"
                + "   FROM ticket_event e WHERE e.ticket_id = " + p.ticketId() + "))";
        return queryString(sql).replace(p.number(), "<number>").replace(linkedId, "<linked id>")
                .replace("\"callId\":" + p.callId() + ",", "\"callId\":<id>,").replace("+86" + nationalCaller, "<caller>");
    }

    /** The ticket's deadlines and timers as offsets from its receipt, e.g. {@code REPLY 1800 WARNING 1440 …}. */
    private static String shape(long ticketId) {
        return queryString("SELECT string_agg(d.kind || ' ' || extract(epoch FROM d.due_at - t.received_at)::int || ' '"
                + " || m.kind || ' ' || extract(epoch FROM m.due_at - t.received_at)::int || ' ' || m.state, '; '"
                + " ORDER BY d.kind, m.kind) FROM ticket t JOIN deadline d ON d.ticket_id = t.id"
                + " JOIN deadline_timer m ON m.deadline_id = d.id WHERE t.id = " + ticketId);
    }

    @Test
    void aCallsTicketBelongsToTheCallBackQueueFromItsFirstSecondThenToWhoeverAnswered() throws Exception {
        String supervisor = Api.user("supervisor");
        String agent = Api.user("agent");
        long duty = Api.staffId(Api.user("duty"));
        clock.set("2045-05-23T09:00:00+08:00"); // a Tuesday
        as(supervisor).body(Map.of("staffId", duty, "start", "2045-05-23T17:30:00+08:00", "end", "2045-05-24T08:30:00+08:00",
                "position", 1)).post("/api/roster/shifts").then().statusCode(201);

        String night = linkedId();
        String day = linkedId();
        String kept = linkedId();
        List<Placed> placed = await(tickets.placeAll(List.of(
                agi(night, Numbers.national(), "2045-05-23T14:00:00Z", null), // 22:00 in Shanghai
                agi(day, Numbers.national(), "2045-05-23T02:00:00Z", null), // 10:00, office hours
                agi(kept, Numbers.national(), "2045-05-23T14:05:00Z", null))));
        long nightTicket = placed.get(0).ticketId();
        long dayTicket = placed.get(1).ticketId();
        long keptTicket = placed.get(2).ticketId();
        assertEquals(duty, queryLong("SELECT assignee_id FROM ticket WHERE id = " + nightTicket),
                "after hours: the person on duty");
        assertEquals(queryLong("SELECT min(s.id) FROM staff s JOIN staff_role r ON r.staff_id = s.id"
                + " WHERE s.active AND r.role = 'supervisor'"), queryLong("SELECT assignee_id FROM ticket WHERE id = "
                + dayTicket), "in office hours: the shift's supervisor");

        long other = Api.staffId(Api.user("agent"));
        as(supervisor).body(Map.of("assigneeId", other, "reason", "knows this customer"))
                .patch("/api/tickets/" + keptTicket).then().statusCode(200);
        long answerer = Api.staffId(agent);
        for (String call : List.of(night, day, kept)) {
            Api.execute("UPDATE call_record SET outcome = 'ANSWERED', answered_by = " + answerer
                    + ", answered_at = started_at + interval '5 seconds', ended_at = started_at + interval '1 minute'"
                    + " WHERE linked_id = '" + call + "'");
        }
        settle(night, day, kept);
        assertEquals(answerer, queryLong("SELECT assignee_id FROM ticket WHERE id = " + nightTicket));
        assertEquals(answerer, queryLong("SELECT assignee_id FROM ticket WHERE id = " + dayTicket));
        assertEquals(other, queryLong("SELECT assignee_id FROM ticket WHERE id = " + keptTicket),
                "a supervisor's choice stands");
        assertEquals("answered the call", queryString("SELECT detail::json ->> 'why' FROM ticket_event WHERE ticket_id = "
                + nightTicket + " AND type = 'ASSIGNED'"));
        assertEquals(Long.toString(duty), queryString("SELECT detail::json ->> 'from' FROM ticket_event WHERE ticket_id = "
                + nightTicket + " AND type = 'ASSIGNED'"));
    }

    private static void end(String linkedId, String outcome) {
        try {
            Api.execute("UPDATE call_record SET outcome = '" + outcome + "', ended_at = started_at + interval '1 minute',"
                    + " answered_at = CASE WHEN '" + outcome + "' = 'ANSWERED' THEN started_at + interval '5 seconds' END"
                    + " WHERE linked_id = '" + linkedId + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
