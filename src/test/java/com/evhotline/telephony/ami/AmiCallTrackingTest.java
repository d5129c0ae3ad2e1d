package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.FakePbx;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.agi.AgiResult;
import com.evhotline.support.agi.FakeAgiClient;
import com.evhotline.support.ami.AmiFrame;
import com.evhotline.support.ami.FakeAmiServer;
import com.evhotline.support.ami.Transcript;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AMI link against a PBX that replays what a real Asterisk 22 sent for each kind of call: the
 * call records and tickets in the database are what a supervisor would check. Each test moves its
 * call to its own day in 2030 and gives it its own caller (ids shift with the time, as Asterisk's do).
 */
@QuarkusTest
class AmiCallTrackingTest {

    private static final String LAB_CALLER_PREFIX = "+86138000010";

    @Inject
    TestClock clock;

    private FakeAmiServer pbx;

    @BeforeEach
    void pbxLinkUp() {
        pbx = FakePbx.ami();
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)), "the service logs in to the PBX");
        assertTrue(pbx.awaitAction("CoreShowChannels", Duration.ofSeconds(20)), "and asks what is in progress");
    }

    /** A recorded call moved to {@code localTime} (Asia/Shanghai) with a fresh caller number. */
    private static Call recorded(String file, String localTime) {
        Transcript t = Transcript.load(file);
        long shift = OffsetDateTime.parse(localTime).toEpochSecond() - t.firstTimestamp().getEpochSecond();
        String caller = Numbers.e164(Numbers.national());
        Transcript moved = t.shifted(shift);
        for (int i = 0; i <= 9; i++) {
            moved = moved.replacing(LAB_CALLER_PREFIX + "0" + i, caller);
        }
        return new Call(moved, caller);
    }

    private record Call(Transcript transcript, String caller) {
        String linkedId() {
            return transcript.linkedId();
        }

        Call with(Transcript t) {
            return new Call(t, caller);
        }
    }

    private void replay(Transcript t) {
        pbx.replay(t.events(), frame -> {
            Instant at = frame.timestamp();
            if (at != null) {
                clock.set(at);
            }
        });
    }

    private static String row(String linkedId, String columns) {
        return Api.queryString("SELECT " + columns + " FROM call_record WHERE linked_id = '" + linkedId + "'");
    }

    private static void await(String what, BooleanSupplier done) {
        Await.until(what, Duration.ofSeconds(20), done);
    }

    private static void awaitEnded(String linkedId) {
        await("call " + linkedId + " ends with its ticket settled", () -> "true".equals(
                row(linkedId, "(outcome <> 'IN_PROGRESS' AND ticket_id IS NOT NULL AND outcome_applied)::text")));
    }

    private static double seconds(String linkedId, String from, String to) {
        return Double.parseDouble(row(linkedId, "extract(epoch FROM " + to + " - " + from + ")::text"));
    }

    private static double between(Transcript t, Predicate<AmiFrame> a, Predicate<AmiFrame> b) {
        return Duration.between(t.first(a).timestamp(), t.first(b).timestamp()).toNanos() / 1e9;
    }

    /** A short call after everything sent so far: once it is written, every earlier event has been handled. */
    private void barrier(String localTime) {
        long ts = OffsetDateTime.parse(localTime).toEpochSecond();
        String id = ts + ".777";
        pbx.replay(java.util.List.of(
                AmiFrame.of("Event", "Newchannel", "Timestamp", ts + ".000001", "Channel", "PJSIP/trunk-00000777",
                        "Context", "hotline-in", "Exten", "4008001234", "CallerIDNum", "<unknown>", "Uniqueid", id,
                        "Linkedid", id),
                AmiFrame.of("Event", "Hangup", "Timestamp", ts + ".000002", "Channel", "PJSIP/trunk-00000777",
                        "Uniqueid", id, "Linkedid", id, "Cause", "16")), f -> { });
        awaitEnded(id);
    }

    private static Predicate<AmiFrame> event(String name, String key, String value) {
        return f -> f.isEvent(name) && value.equals(f.get(key));
    }

    @Test
    void shouldRecordAQueueCallAnsweredByTheAgentWithWaitAndTalkTimesFromThePbxClock() {
        String agent = Api.user("agent");
        Call call = recorded("ami-queue-answered.txt", "2030-05-06T10:00:00+08:00");
        call = call.with(call.transcript().replacing("agent-1", agent));
        String id = call.linkedId();
        clock.set(call.transcript().firstTimestamp());
        AgiResult agi = FakeAgiClient.call().callerId(call.caller()).linkedId(id).uniqueId(id)
                .run("127.0.0.1", EmbeddedPostgresResource.agiPort());

        replay(call.transcript());
        awaitEnded(id);

        Transcript t = call.transcript();
        assertEquals("ANSWERED", row(id, "outcome"));
        assertEquals(agent, row(id, "answered_by_name"));
        assertEquals(Long.toString(Api.staffId(agent)), row(id, "answered_by::text"));
        assertEquals(between(t, f -> f.isEvent("QueueCallerJoin"), f -> f.isEvent("AgentConnect")),
                seconds(id, "queued_at", "answered_at"), 1e-3,
                "held 5 s in the queue (AgentConnect's HoldTime; the agent's answer comes a fraction earlier)");
        assertEquals(5.0, seconds(id, "queued_at", "answered_at"), 0.01);
        double talk = seconds(id, "answered_at", "ended_at");
        assertEquals(between(t, f -> f.isEvent("AgentConnect"), event("Hangup", "Uniqueid", id)), talk, 1e-3);
        assertTrue(talk > 3 && talk < 4, "talked 3 s: " + talk);
        assertEquals("true|hotline", row(id, "office_hours || '|' || queue"));
        assertEquals(id + ".wav", row(id, "recording"), "the recording is named after the linked id");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE caller_number = '" + call.caller() + "'"),
                "FastAGI and AMI for one call give one ticket");
        assertEquals(agi.variables().get("HOTLINE_TICKET"), Api.queryString("SELECT t.number FROM ticket t"
                + " JOIN call_record c ON c.ticket_id = t.id WHERE c.linked_id = '" + id + "'"));
        assertEquals("OPEN", Api.queryString("SELECT status FROM ticket WHERE caller_number = '" + call.caller() + "'"));
        String callerNumber = call.caller();
        await("the ticket belongs to the agent who answered", () -> Long.toString(Api.staffId(agent)).equals(
                Api.queryString("SELECT assignee_id::text FROM ticket WHERE caller_number = '" + callerNumber + "'")));
        assertEquals("answered the call", Api.queryString("SELECT e.detail::json ->> 'why' FROM ticket_event e"
                + " JOIN ticket t ON t.id = e.ticket_id WHERE t.caller_number = '" + callerNumber + "' AND e.type = 'ASSIGNED'"));
    }

    @Test
    void shouldPutAnAbandonedCallIntoCallbackWithItsReplyDeadlineRunning() {
        Call call = recorded("ami-queue-abandoned.txt", "2030-05-07T10:00:00+08:00");
        String id = call.linkedId();

        replay(call.transcript());
        awaitEnded(id);

        assertEquals("ABANDONED", row(id, "outcome"));
        assertEquals("AMI", row(id, "source"), "the routing script's record was not needed");
        String ticket = row(id, "ticket_id::text");
        assertEquals("CALLBACK", Api.queryString("SELECT status FROM ticket WHERE id = " + ticket));
        assertEquals("PENDING", Api.queryString("SELECT state FROM deadline WHERE ticket_id = " + ticket
                + " AND kind = 'REPLY'"));
    }

    /**
     * The caller hangs up in the queue: the PBX reports the caller's half of the Local channel hanging up a
     * fraction of a millisecond before the queue's half reports the abandon (as recorded), or the other way
     * round. Either way the call is abandoned, and nothing is decided while the queue's half is still up.
     */
    @Test
    void shouldRecordAnAbandonReportedJustAfterTheCallersHangupAsAbandoned() {
        Call call = recorded("ami-queue-abandoned.txt", "2030-05-16T10:00:00+08:00");
        assertAbandonedWhateverTheOrder(call.transcript(), "2030-05-16T11:00:00+08:00");
    }

    @Test
    void shouldRecordAnAbandonReportedJustBeforeTheCallersHangupAsAbandoned() {
        Call call = recorded("ami-queue-abandoned.txt", "2030-05-17T10:00:00+08:00");
        String id = call.linkedId();
        Transcript abandonFirst = call.transcript().moving(
                f -> f.isEvent("QueueCallerAbandon") || f.isEvent("QueueCallerLeave"), event("Hangup", "Uniqueid", id));
        assertTrue(abandonFirst.events().indexOf(abandonFirst.first(f -> f.isEvent("QueueCallerAbandon")))
                < abandonFirst.events().indexOf(abandonFirst.first(event("Hangup", "Uniqueid", id))));
        assertAbandonedWhateverTheOrder(abandonFirst, "2030-05-17T11:00:00+08:00");
    }

    /** Replays up to the caller's hangup, checks nothing is decided yet, then the rest. */
    private void assertAbandonedWhateverTheOrder(Transcript t, String barrierAt) {
        String id = t.linkedId();
        Transcript.Parts parts = t.split(t.events().indexOf(t.first(event("Hangup", "Uniqueid", id))) + 1);

        replay(parts.before());
        barrier(barrierAt); // every event so far handled and written
        assertEquals("IN_PROGRESS", row(id, "outcome"), "the queue's half of the call is still up");
        assertEquals(null, row(id, "ended_at"));
        replay(parts.after());
        awaitEnded(id);

        assertEquals("ABANDONED", row(id, "outcome"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_event e JOIN call_record c ON c.ticket_id = e.ticket_id"
                + " WHERE c.linked_id = '" + id + "' AND e.type = 'CALL_ABANDONED'"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket_event e JOIN call_record c ON c.ticket_id = e.ticket_id"
                + " WHERE c.linked_id = '" + id + "' AND e.type = 'CALL_MISSED'"));
    }

    @Test
    void shouldCountAForwardedCallOnlyWhenTheSecondMobileAcceptedIt() {
        String backup = Api.user("duty");
        long backupId = Api.staffId(backup);
        String backupMobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + backupId);
        Transcript lab = Transcript.load("ami-forwarded-backup-answers.txt");
        AmiFrame up = lab.first(f -> f.isEvent("Newstate") && "Up".equals(f.get("ChannelStateDesc"))
                && f.get("Channel").startsWith("Local/+8613700000002@mobiles") && f.get("Channel").endsWith(";1"));
        // the acceptance step of the contract, which the lab's mobiles did not yet run: "press 1" on the mobile's channel
        AmiFrame accepted = AmiFrame.of("Event", "VarSet", "Privilege", "dialplan,all",
                "Timestamp", "1795796982.814030", "Channel", up.get("Channel"), "Uniqueid", up.get("Uniqueid"),
                "Linkedid", up.get("Linkedid"), "Context", "hotline-accept", "Variable", "HOTLINE_ACCEPTED", "Value", "1");
        Transcript withAcceptance = lab.inserting(f -> f == up, accepted);
        long shift = OffsetDateTime.parse("2030-05-08T20:00:00+08:00").toEpochSecond() - lab.firstTimestamp().getEpochSecond();
        String caller = Numbers.e164(Numbers.national());
        Transcript t = withAcceptance.shifted(shift).replacing("+8613800001002", caller)
                .replacing("+8613700000002", backupMobile);
        String id = t.linkedId();

        // AMI first this time: the channel enters hotline-in, then the script is asked, then the dialling
        Transcript beforeAgi = t.until(f -> f.isEvent("AGIExecStart"));
        replay(beforeAgi);
        await("the call is followed before the script answers", () -> row(id, "outcome") != null);
        clock.set(t.first(f -> f.isEvent("AGIExecStart")).timestamp());
        AgiResult agi = FakeAgiClient.call().callerId(caller).linkedId(id).uniqueId(id)
                .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
        await("the call is on its ticket while the mobiles ring", () -> Api.queryString(
                "SELECT ticket_id FROM call_record WHERE linked_id = '" + id + "'") != null);
        // up to the caller's hangup: the mobile accepted and the two are talking
        Transcript talking = t.from(f -> f.isEvent("AGIExecStart"));
        replay(talking.until(f -> f.isEvent("Hangup") && id.equals(f.get("Uniqueid"))));
        String sms = "SELECT n.subject FROM notification n JOIN call_record c ON n.source = 'forwarded:' || c.id"
                + " WHERE c.linked_id = '" + id + "' AND n.channel = 'SMS' AND n.recipient_staff_id = " + backupId;
        await("the person who accepted is sent the caller's number during the call", () -> Api.queryString(sms) != null);
        assertEquals("IN_PROGRESS", row(id, "outcome"));
        replay(talking.from(f -> f.isEvent("Hangup") && id.equals(f.get("Uniqueid"))));
        awaitEnded(id);

        assertEquals("FORWARDED", row(id, "outcome"));
        assertEquals(backupMobile, row(id, "answered_by_name"));
        assertEquals(Long.toString(backupId), row(id, "answered_by::text"));
        assertEquals(Duration.between(t.firstTimestamp(), accepted.timestamp().plusSeconds(shift)).toNanos() / 1e9,
                seconds(id, "started_at", "answered_at"), 1e-6, "answered when the mobile accepted, not when it rang");
        assertEquals("false", row(id, "office_hours::text"));
        assertEquals(agi.variables().get("HOTLINE_TICKET"), Api.queryString("SELECT t.number FROM ticket t"
                + " JOIN call_record c ON c.ticket_id = t.id WHERE c.linked_id = '" + id + "'"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE caller_number = '" + caller + "'"));
        await("the ticket belongs to the person whose mobile accepted", () -> Long.toString(backupId).equals(
                Api.queryString("SELECT assignee_id::text FROM ticket WHERE caller_number = '" + caller + "'")));
        // the mobile network may not pass the caller's number on: the person who took the call is sent it, once
        assertEquals(1, Api.queryLong("SELECT count(*) FROM notification n JOIN call_record c ON n.source = 'forwarded:'"
                + " || c.id WHERE c.linked_id = '" + id + "' AND n.channel = 'SMS'"));
        String heads = Api.queryString(sms);
        assertTrue(heads != null && heads.contains(caller) && heads.contains(agi.variables().get("HOTLINE_TICKET")),
                "an SMS with the caller's number and the ticket: " + heads);
    }

    @Test
    void shouldMarkAForwardedCallNobodyAcceptedAsMissedAndAskForACallBack() {
        Call call = recorded("ami-forwarded-missed-by-all.txt", "2030-05-09T21:00:00+08:00");
        String id = call.linkedId();
        // the script opens the ticket (after hours: FORWARD), then the PBX tells how the call went
        clock.set(call.transcript().firstTimestamp());
        AgiResult agi = FakeAgiClient.call().callerId(call.caller()).linkedId(id).uniqueId(id)
                .run("127.0.0.1", EmbeddedPostgresResource.agiPort());
        assertEquals("FORWARD", agi.variables().get("HOTLINE_ROUTE"));

        replay(call.transcript());
        awaitEnded(id);

        assertEquals("MISSED", row(id, "outcome"));
        assertEquals(null, row(id, "answered_at"));
        assertEquals("CALLBACK", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + id + "'"), "the ticket the script opened asks for a call-back");
        assertEquals(agi.variables().get("HOTLINE_TICKET"), Api.queryString("SELECT t.number FROM ticket t"
                + " JOIN call_record c ON c.ticket_id = t.id WHERE c.linked_id = '" + id + "'"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE caller_number = '" + call.caller() + "'"),
                "FastAGI and AMI for one call give one ticket");
    }

    @Test
    void shouldExemptTheReplyOfAMissedWithheldCaller() {
        Call call = recorded("ami-forwarded-missed-by-all.txt", "2030-05-10T22:00:00+08:00");
        Transcript withheld = call.transcript().replacing(call.caller(), "<unknown>");
        String id = withheld.linkedId();

        replay(withheld);
        awaitEnded(id);

        assertEquals("MISSED|true", row(id, "outcome || '|' || withheld"));
        String ticket = row(id, "ticket_id::text");
        assertEquals("CALLBACK", Api.queryString("SELECT status FROM ticket WHERE id = " + ticket));
        assertEquals("EXEMPT", Api.queryString("SELECT state FROM deadline WHERE ticket_id = " + ticket
                + " AND kind = 'REPLY'"));
        assertTrue(Api.queryString("SELECT reason FROM exemption WHERE ticket_id = " + ticket).contains("withheld"));
    }

    @Test
    void shouldOpenATicketFromAmiForACallThatNeverReachedTheScript() {
        Call call = recorded("ami-bypassed-fastagi.txt", "2030-05-13T11:00:00+08:00");
        String id = call.linkedId();
        long tickets = Api.queryLong("SELECT count(*) FROM ticket");

        replay(call.transcript());
        awaitEnded(id);

        assertEquals("ANSWERED|AMI", row(id, "outcome || '|' || source"));
        assertEquals(tickets + 1, Api.queryLong("SELECT count(*) FROM ticket"));
        assertEquals(call.caller(), Api.queryString("SELECT t.caller_number FROM ticket t JOIN call_record c"
                + " ON c.ticket_id = t.id WHERE c.linked_id = '" + id + "'"));
    }

    @Test
    void shouldChangeNothingTwiceWhenEveryEventComesTwice() {
        Call call = recorded("ami-queue-abandoned.txt", "2030-05-14T10:00:00+08:00");
        String id = call.linkedId();

        replay(call.transcript().duplicatingEach());
        awaitEnded(id);
        replay(call.transcript()); // and the whole call once more, late
        barrier("2030-05-14T11:00:00+08:00");

        assertEquals("ABANDONED", row(id, "outcome"));
        String ticket = row(id, "ticket_id::text");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM call_record WHERE linked_id = '" + id + "'"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + ticket
                + " AND type = 'CALL_ABANDONED'"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE caller_number = '" + call.caller() + "'"));
    }

    @Test
    void shouldReportTheLinkInTheHealthGroupOfThePbx() {
        // an earlier test's last call may still be in its batch's linger
        Await.until("no call awaiting the database", Duration.ofSeconds(10), () -> Integer.valueOf(0).equals(
                com.evhotline.support.Api.asAdmin().get("/q/health/group/pbx").then().extract()
                        .path("checks[0].data.callsAwaitingDatabase")));
        com.evhotline.support.Api.asAdmin().get("/q/health/group/pbx").then().statusCode(200)
                .body("checks[0].data.amiLink", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks[0].data.callsAwaitingDatabase", org.hamcrest.Matchers.equalTo(0))
                .body("checks[0].data.fastAgi", org.hamcrest.Matchers.equalTo("listening"));
        io.restassured.RestAssured.get("/q/health/ready").then() // a PBX outage does not take the HTTP service out
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("pbx")));
    }

    @Test
    void shouldSurviveAMalformedFrameAndAnOverlongLine() {
        Call call = recorded("ami-queue-abandoned.txt", "2030-05-15T10:00:00+08:00");
        String id = call.linkedId();

        pbx.sendRaw("Event: Garbage\r\nno colon here\r\n\r\n");
        pbx.sendRaw("Event: VarSet\r\nVariable: X\r\nValue: " + "x".repeat(100_000) + "\r\n\r\n");
        pbx.sendRaw("Timestamp: not-a-number\r\nEvent: Hangup\r\nLinkedid: nonsense\r\n\r\n");
        replay(call.transcript());
        awaitEnded(id);

        assertEquals("ABANDONED", row(id, "outcome"));
    }
}
