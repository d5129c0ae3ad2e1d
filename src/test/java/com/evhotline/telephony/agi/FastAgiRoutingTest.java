package com.evhotline.telephony.agi;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import com.evhotline.support.agi.RawExchange;
import com.evhotline.support.agi.StalledRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The routing script over the wire, as Asterisk calls it: office hours, the evening, a holiday, a
 * make-up workday, an empty roster, an override, a repeat caller, a withheld caller, a stranger's
 * address, a database outage, and garbage. Dates are in 2030, where no other test keeps a roster.
 */
@QuarkusTest
class FastAgiRoutingTest {

    private static final String HOST = "127.0.0.1";
    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

    @Inject
    TestClock clock;

    private static int port() {
        return EmbeddedPostgresResource.agiPort();
    }

    private static String linkedId() {
        return SEQ.incrementAndGet() + ".0";
    }

    private static AgiResult call(String caller, String linkedId) {
        return FakeAgiClient.call().callerId(caller).linkedId(linkedId).run(HOST, port());
    }

    /** The number of the call's ticket, waiting (bounded) for the write behind the script's answer. */
    private static String ticketOf(String linkedId) {
        return ticketOf(linkedId, Duration.ofSeconds(10));
    }

    private static String ticketOf(String linkedId, Duration atMost) {
        return Await.value(() -> Api.queryString("SELECT t.number FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.linked_id = '" + linkedId + "'"), atMost);
    }

    /**
     * Places a real call and waits for its ticket: calls are written in the order they were answered,
     * so whatever an earlier exchange would have written behind its answer is in the database by then.
     */
    private static void writtenBehind() {
        String barrier = linkedId();
        call(Numbers.national(), barrier);
        ticketOf(barrier);
    }

    private static String mobileOf(long staffId) {
        return Api.queryString("SELECT mobile FROM staff WHERE id = " + staffId);
    }

    private static long onDuty(String supervisor, String start, String end, int position, boolean override) {
        long staff = Api.staffId(Api.user("duty"));
        as(supervisor).body(Map.of("staffId", staff, "start", start, "end", end, "position", position, "override",
                override)).post("/api/roster/shifts").then().statusCode(201);
        return staff;
    }

    @Test
    void shouldQueueInOfficeHoursAndNameTheTicketItOpens() {
        clock.set("2030-04-08T10:00:00+08:00");
        String caller = Numbers.e164(Numbers.national());
        String id = linkedId();

        AgiResult r = call(caller, id);

        assertTrue(r.closedByServer(), "the script closes the socket so the dialplan goes on");
        assertNull(r.error());
        assertTrue(r.elapsed().toMillis() < 1000, "answered within a second: " + r.elapsed());
        assertEquals("QUEUE", r.variables().get("HOTLINE_ROUTE"));
        assertEquals("hotline", r.variables().get("HOTLINE_QUEUE"));
        assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"));
        assertTrue(r.variables().get("HOTLINE_TICKET").startsWith("HL-20300408-"));
        assertEquals("DAY", Api.queryString("SELECT t.shift FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.linked_id = '" + id + "'"));
        assertEquals("QUEUE|true|AGI|IN_PROGRESS|" + caller, Api.queryString("SELECT route || '|' || office_hours || '|' ||"
                + " source || '|' || outcome || '|' || caller_number FROM call_record WHERE linked_id = '" + id + "'"));
        assertTrue(r.commands().get(0).contains("CHANNEL(linkedid)"), "asks for the linked id first: " + r.commands());
        // then only its answer, in one round trip (each command is one more while the caller waits): no
        // AJ_AGISTATUS from the library (the dialplan reads Asterisk's AGISTATUS), the route last
        assertEquals(List.of("EXEC \"MSet\" \"HOTLINE_QUEUE=hotline,HOTLINE_FORWARD_COUNT=0,HOTLINE_TICKET="
                + ticketOf(id) + ",HOTLINE_ROUTED_AT=2030-04-08T02:00:00Z,HOTLINE_ROUTE=QUEUE\""),
                r.commands().subList(1, r.commands().size()), "and the instant that decided it, for the AMI side");
    }

    /** A PBX without the MSet application (result -2) still gets the whole answer, one variable at a time, the route last. */
    @Test
    void shouldAnswerOneVariableAtATimeWhenThePbxHasNoMSet() {
        clock.set("2030-04-08T10:00:00+08:00");
        String id = linkedId();
        AgiResult r = FakeAgiClient.call().callerId(Numbers.national()).linkedId(id).withoutMSet().run(HOST, port());
        assertNull(r.error());
        assertEquals("QUEUE", r.variables().get("HOTLINE_ROUTE"));
        assertEquals("hotline", r.variables().get("HOTLINE_QUEUE"));
        assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"));
        List<String> after = r.commands().subList(2, r.commands().size());
        assertTrue(r.commands().get(1).startsWith("EXEC \"MSet\""), r.commands().toString());
        assertEquals(5, after.size(), after.toString());
        assertTrue(after.stream().allMatch(c -> c.startsWith("SET VARIABLE \"HOTLINE_")), after.toString());
        assertEquals("SET VARIABLE \"HOTLINE_ROUTE\" \"QUEUE\"", after.get(after.size() - 1));

        // remembered: the next call does not ask again (until a restart)
        AgiResult next = FakeAgiClient.call().callerId(Numbers.national()).linkedId(linkedId()).withoutMSet().run(HOST,
                port());
        assertTrue(next.commands().stream().skip(1).allMatch(c -> c.startsWith("SET VARIABLE \"HOTLINE_")),
                next.commands().toString());
    }

    /** The other tests' PBX has MSet, whatever a test without it left behind. */
    @org.junit.jupiter.api.AfterEach
    void pbxHasMSetAgain() {
        AgiCommands.NO_MSET.set(false);
    }

    /**
     * As the hotline's own dialplan calls it, {@code AGI(agi://…/hotline,${CHANNEL(linkedid)})}: the
     * script takes the linked id from the argument and asks nothing, so the caller waits one round trip
     * less. What is not a linked id of this channel (another dialplan's first argument: a word, a
     * number; an id of another system, or later than the channel's own) and a malformed argument line
     * make it ask the channel, as without one: no two calls ever meet on a word.
     */
    @Test
    void shouldTakeTheLinkedIdTheDialplanPassesAndAskOnlyWhenItIsNoUse() {
        clock.set("2030-04-08T10:00:00+08:00");
        String id = asteriskId("");
        AgiResult r = FakeAgiClient.call().callerId(Numbers.national()).linkedId(id).linkedIdAsArgument().run(HOST, port());
        assertEquals("QUEUE", r.variables().get("HOTLINE_ROUTE"));
        assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"));
        assertEquals(1, r.commands().size(), "the answer alone, nothing asked: " + r.commands());
        assertTrue(r.commands().get(0).startsWith("EXEC \"MSet\" \"HOTLINE_"), r.commands().toString());

        // a Local channel's ;2 half: its own id is later than the call's linked id, on the same system
        String local = asteriskId("pbx-2-");
        String localChannelId = local.substring(0, local.lastIndexOf('.') + 1)
                + (Long.parseLong(local.substring(local.lastIndexOf('.') + 1)) + 1);
        AgiResult l = FakeAgiClient.call().callerId(Numbers.national()).linkedId(local).uniqueId(localChannelId)
                .argument(local).run(HOST, port());
        assertFalse(l.commands().get(0).startsWith("GET VARIABLE"), "takes it: " + l.commands());
        assertEquals(ticketOf(local), l.variables().get("HOTLINE_TICKET"));

        for (String odd : List.of("vip", "13800000000", "queue=vip; drop", "other-" + asteriskId(""), "later")) {
            String other = asteriskId("");
            String argument = !odd.equals("later") ? odd // else: the channel's own epoch, a later sequence
                    : other.substring(0, other.indexOf('.')) + "." + (Long.parseLong(other.substring(other.indexOf('.') + 1)) + 1);
            AgiResult o = FakeAgiClient.call().callerId(Numbers.national()).linkedId(other).argument(argument)
                    .run(HOST, port());
            assertTrue(o.commands().get(0).contains("CHANNEL(linkedid)"), "'" + odd + "': asks the channel");
            assertEquals(ticketOf(other), o.variables().get("HOTLINE_TICKET"), "'" + odd + "' is not the call");
        }

        String third = asteriskId("");
        AgiResult malformed = FakeAgiClient.call().callerId(Numbers.national()).linkedId(third).argument(third)
                .argument("two").extraLine("agi_arg_x: 1").run(HOST, port());
        assertTrue(malformed.commands().get(0).contains("CHANNEL(linkedid)"), "asks the channel: " + malformed.commands());
        assertEquals(ticketOf(third), malformed.variables().get("HOTLINE_TICKET"));
    }

    /** An id as Asterisk makes them, {@code [system-]epoch.sequence}, unique in the run. */
    private static String asteriskId(String system) {
        long n = SEQ.incrementAndGet();
        return system + "1900000" + String.format("%03d", n % 1000) + "." + n % 1_000_000; // Asterisk's sequence is an int
    }

    @Test
    void shouldForwardAfterHoursToTheOnDutyMobilesInCallOrder() {
        clock.set("2030-04-08T20:00:00+08:00"); // the roster in memory keeps the shifts from now on
        String supervisor = Api.user("supervisor");
        long backup = onDuty(supervisor, "2030-04-08T17:30:00+08:00", "2030-04-09T08:30:00+08:00", 2, false);
        long primary = onDuty(supervisor, "2030-04-08T17:30:00+08:00", "2030-04-09T08:30:00+08:00", 1, false);
        String id = linkedId();

        AgiResult r = call(Numbers.national(), id);

        assertEquals("FORWARD", r.variables().get("HOTLINE_ROUTE"));
        assertNull(r.variables().get("HOTLINE_QUEUE"));
        assertEquals("2", r.variables().get("HOTLINE_FORWARD_COUNT"));
        assertEquals(mobileOf(primary), r.variables().get("HOTLINE_FORWARD_1"));
        assertEquals(mobileOf(backup), r.variables().get("HOTLINE_FORWARD_2"));
        assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"));
        assertEquals("NIGHT|false", Api.queryString("SELECT t.shift || '|' || c.office_hours FROM call_record c"
                + " JOIN ticket t ON t.id = c.ticket_id WHERE c.linked_id = '" + id + "'"));
    }

    @Test
    void shouldForwardOnAHolidayMorningAndQueueOnAMakeUpSaturday() {
        clock.set("2030-04-09T10:00:00+08:00");
        String supervisor = Api.user("supervisor");
        as(supervisor).body(Map.of("date", "2030-04-10", "type", "HOLIDAY")).post("/api/calendar/days").then()
                .statusCode(200);
        as(supervisor).body(Map.of("date", "2030-04-13", "type", "WORKDAY")).post("/api/calendar/days").then()
                .statusCode(200);
        long duty = onDuty(supervisor, "2030-04-10T08:00:00+08:00", "2030-04-11T08:00:00+08:00", 1, false);

        clock.set("2030-04-10T10:00:00+08:00");
        AgiResult holiday = call(Numbers.national(), linkedId());
        clock.set("2030-04-13T10:00:00+08:00");
        AgiResult saturday = call(Numbers.national(), linkedId());

        assertEquals("FORWARD", holiday.variables().get("HOTLINE_ROUTE"));
        assertEquals(mobileOf(duty), holiday.variables().get("HOTLINE_FORWARD_1"));
        assertEquals("QUEUE", saturday.variables().get("HOTLINE_ROUTE"));
    }

    @Test
    void shouldAnswerAnEmptyChainRatherThanNothingWhenNobodyIsOnDuty() {
        clock.set("2030-04-15T03:00:00+08:00");
        String id = linkedId();

        AgiResult r = call(Numbers.national(), id);

        assertEquals("FORWARD", r.variables().get("HOTLINE_ROUTE"));
        assertEquals("0", r.variables().get("HOTLINE_FORWARD_COUNT"), "the dialplan goes to the emergency mobile");
        assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"), "the call still gets its ticket");
    }

    @Test
    void shouldRingTheOverrideInsteadOfTheRegularShift() {
        clock.set("2030-04-16T20:00:00+08:00");
        String supervisor = Api.user("supervisor");
        long regular = onDuty(supervisor, "2030-04-16T17:30:00+08:00", "2030-04-17T08:30:00+08:00", 1, false);
        long stand = onDuty(supervisor, "2030-04-16T19:00:00+08:00", "2030-04-16T23:00:00+08:00", 1, true);

        AgiResult r = call(Numbers.national(), linkedId());

        assertEquals(mobileOf(stand), r.variables().get("HOTLINE_FORWARD_1"));
        assertFalse(r.variables().containsValue(mobileOf(regular)), "the swapped-out person is not rung");
    }

    @Test
    void shouldAddARepeatCallToTheOpenTicketAndOpenANewOneAfterTheWindow() {
        String caller = Numbers.national();
        clock.set("2030-04-18T09:00:00+08:00");
        String first = linkedId();
        AgiResult r1 = call(caller, first);
        clock.set("2030-04-18T15:00:00+08:00");
        String second = linkedId();
        AgiResult r2 = call(caller, second);
        clock.set("2030-04-19T09:30:00+08:00");
        String third = linkedId();
        AgiResult r3 = call("0" + caller, third); // the same number with the trunk prefix, 24.5 h later
        List.of(first, second, third).forEach(FastAgiRoutingTest::ticketOf); // written behind the answers

        assertEquals(r1.variables().get("HOTLINE_TICKET"), r2.variables().get("HOTLINE_TICKET"));
        assertNotEquals(r1.variables().get("HOTLINE_TICKET"), r3.variables().get("HOTLINE_TICKET"));
        long ticket = Api.queryLong("SELECT ticket_id FROM call_record WHERE linked_id = '" + first + "'");
        assertEquals(2, Api.queryLong("SELECT count(*) FROM call_record WHERE ticket_id = " + ticket));
        Api.asAdmin().get("/api/tickets/" + ticket).then().statusCode(200)
                .body("calls.size()", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void shouldNeverMergeWithheldCallers() {
        clock.set("2030-04-22T11:00:00+08:00");
        String a = linkedId();
        String b = linkedId();

        AgiResult r1 = FakeAgiClient.call().withheldCallerId().linkedId(a).run(HOST, port());
        AgiResult r2 = FakeAgiClient.call().withheldCallerId().linkedId(b).run(HOST, port());

        assertNotEquals(r1.variables().get("HOTLINE_TICKET"), r2.variables().get("HOTLINE_TICKET"));
        assertEquals(r1.variables().get("HOTLINE_TICKET"), ticketOf(a)); // written behind the answer
        assertEquals(r2.variables().get("HOTLINE_TICKET"), ticketOf(b));
        assertEquals("true|", Api.queryString("SELECT withheld || '|' || coalesce(caller_number, '') FROM call_record"
                + " WHERE linked_id = '" + a + "'"));
        assertNull(Api.queryString("SELECT t.caller_number FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.linked_id = '" + b + "'"));
    }

    @Test
    void shouldDisconnectAnAddressOutsideTheAllowListUnanswered() {
        String id = linkedId();

        AgiResult r = FakeAgiClient.call().callerId(Numbers.national()).linkedId(id).localAddress("127.0.0.2")
                .run(HOST, port());

        assertTrue(r.closedByServer());
        assertTrue(r.variables().isEmpty(), "no mobile numbers for strangers: " + r.variables());
        writtenBehind();
        assertEquals(0, Api.queryLong("SELECT count(*) FROM call_record WHERE linked_id = '" + id + "'"));
    }

    @Test
    void shouldNotLetFiftyStalledRequestsDelayARealCall() {
        clock.set("2030-04-23T10:00:00+08:00");
        List<StalledRequest> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                stalled.add(FakeAgiClient.stall(HOST, port(), "agi_network: yes\nagi_network_script: hotline\n"));
            }
            String id = linkedId();
            AgiResult r = call(Numbers.national(), id);

            assertTrue(r.elapsed().toMillis() < 1000, "a real call answered at once: " + r.elapsed());
            assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"));
            assertTrue(stalled.get(0).awaitClosedByServer(Duration.ofSeconds(10)),
                    "a stalled request is dropped after the read timeout, giving its thread back");
        } finally {
            stalled.forEach(StalledRequest::close);
        }
    }

    @Test
    void shouldCutOffADribblingRequestAtItsDeadlineWhileARealCallIsAnswered() throws Exception {
        clock.set("2030-04-23T10:00:00+08:00");
        try (java.net.Socket dribbler = new java.net.Socket(HOST, port())) {
            java.io.OutputStream out = dribbler.getOutputStream();
            out.write("agi_network: yes\nagi_network_script: hotline\nagi_request: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            // a byte every 200 ms: each read comes well within the read timeout, the whole request never
            Thread drip = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(200);
                        out.write('x');
                        out.flush();
                    }
                } catch (Exception closedByServer) {
                    // the server dropped it
                }
            }, "dribbler");
            drip.setDaemon(true);
            drip.start();

            String id = linkedId();
            AgiResult r = call(Numbers.national(), id);
            assertEquals(ticketOf(id), r.variables().get("HOTLINE_TICKET"), "the real call is answered meanwhile");

            dribbler.setSoTimeout(10_000);
            int read;
            try {
                read = dribbler.getInputStream().read();
            } catch (java.io.IOException reset) {
                read = -1;
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            assertEquals(-1, read, "the dribbling request is closed unanswered");
            assertTrue(took >= 1_500 && took < 6_000, "closed at the request's deadline (2 s), after " + took + " ms");
            drip.interrupt();
        }
    }

    @Test
    void shouldDropARequestOfEndlessHeaderLines() {
        StringBuilder lines = new StringBuilder("agi_network: yes\n");
        for (int i = 0; i < 1_000; i++) {
            lines.append("agi_x").append(i).append(": y\n");
        }
        var r = FakeAgiClient.raw(HOST, port(), lines.append('\n').toString().getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(10));
        assertTrue(r.closedByServer(), "closed: " + r.error());
        assertTrue(!r.received().contains("HOTLINE_"), "nothing answered: " + r.received());
    }

    @Test
    void shouldCloseGarbageCleanlyAndWriteNothing() {
        long calls = Api.queryLong("SELECT count(*) FROM call_record");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(r.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger scriptLog = java.util.logging.Logger.getLogger(HotlineScript.class.getName());
        scriptLog.addHandler(capture);

        RawExchange binary = FakeAgiClient.raw(HOST, port(), new byte[] {0, (byte) 0xff, 'x', '\n', '\n'},
                Duration.ofSeconds(10));
        RawExchange noScript = FakeAgiClient.raw(HOST, port(),
                "agi_network: yes\nnonsense without colon\nagi_callerid: 13800000000\n\n".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        RawExchange otherScript = FakeAgiClient.raw(HOST, port(),
                "agi_network: yes\nagi_network_script: ../../etc/passwd\nagi_request: agi://x/../../etc/passwd\n\n"
                        .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        scriptLog.removeHandler(capture);

        for (RawExchange r : List.of(binary, noScript, otherScript)) {
            assertTrue(r.closedByServer(), "hung up cleanly: " + r);
            assertFalse(r.received().contains("HOTLINE_"), "nothing answered to garbage: " + r.received());
        }
        writtenBehind();
        assertEquals(calls + 1, Api.queryLong("SELECT count(*) FROM call_record"), "the barrier call alone");
        assertEquals(3, warnings.stream().filter(w -> w.contains("left unanswered")).count(),
                "each logged, saying what was wrong: " + warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("../../etc/passwd")), warnings.toString());
    }

    @Test
    void shouldAnswerWithinASecondWhileTheDatabaseIsDownAndWriteTheTicketWhenItIsBack() {
        clock.set("2030-04-24T10:00:00+08:00");
        String repeat = Numbers.national();
        String before = linkedId();
        call(repeat, before); // the day's first call reserves its ticket numbers
        String open = ticketOf(before);
        String caller = Numbers.national();
        String id = linkedId();
        String again = linkedId();
        RestAssured.get("/q/health/ready").then().statusCode(200); // leaves pooled connections behind

        EmbeddedPostgresResource.stopDatabase();
        AgiResult r;
        AgiResult r2;
        try {
            r = call(caller, id);
            r2 = call(repeat, again);
        } finally {
            EmbeddedPostgresResource.startDatabase();
        }

        assertTrue(r.elapsed().toMillis() < 1000, "answered within a second with the database down: " + r.elapsed());
        assertEquals("QUEUE", r.variables().get("HOTLINE_ROUTE"));
        String promised = r.variables().get("HOTLINE_TICKET");
        assertTrue(promised.startsWith("HL-20300424-"), promised);
        assertEquals(open, r2.variables().get("HOTLINE_TICKET"), "a repeat caller is told their open ticket, from memory");
        String written = ticketOf(id, Duration.ofSeconds(60));
        assertEquals(promised, written, "the ticket appears under the number the PBX was given");
        assertEquals(open, ticketOf(again, Duration.ofSeconds(60)), "and the repeat call lands on it");
        assertEquals(Numbers.e164(caller), Api.queryString("SELECT caller_number FROM ticket WHERE number = '"
                + promised + "'"));
        // and the service is ready again without a restart (no connection left over from before the outage)
        Await.until("readiness UP after the database came back", Duration.ofSeconds(20),
                () -> RestAssured.get("/q/health/ready").statusCode() == 200);
    }
}
