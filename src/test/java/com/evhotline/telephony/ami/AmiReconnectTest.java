package com.evhotline.telephony.ami;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakePbx;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.ami.AmiFrame;
import com.evhotline.support.ami.FakeAmiServer;
import com.evhotline.support.ami.Transcript;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AMI link dropped in the middle of a call: the service logs in again, asks what is in progress,
 * keeps following the call that is still up, and recovers from the CDR table the calls it could not
 * see end (one it saw begin, one that began and ended during the drop).
 */
@QuarkusTest
class AmiReconnectTest {

    private final FakeAmiServer pbx = FakePbx.ami();

    @AfterEach
    void nothingInProgressAnyMore() {
        pbx.setCoreShowChannels(List.of());
    }

    private static String row(String linkedId, String columns) {
        return Api.queryString("SELECT " + columns + " FROM call_record WHERE linked_id = '" + linkedId + "'");
    }

    private static void await(String what, BooleanSupplier done) {
        Await.until(what, Duration.ofSeconds(30), done);
    }

    private static String utc(Instant at) {
        return "(to_timestamp(" + at.toEpochMilli() / 1000.0 + ") AT TIME ZONE 'UTC')";
    }

    private static void cdr(String linkedId, String uniqueId, String src, String lastapp, String dstchannel,
            Instant start, Instant answer, Instant end, String disposition) throws Exception {
        cdr(linkedId, uniqueId, src, lastapp, dstchannel, start, answer, end, disposition, "");
    }

    /** A CDR row as cdr_pgsql writes it; {@code userfield} as the dialplan's hangup handler marks it. */
    private static void cdr(String linkedId, String uniqueId, String src, String lastapp, String dstchannel,
            Instant start, Instant answer, Instant end, String disposition, String userfield) throws Exception {
        Api.execute("INSERT INTO cdr (calldate, clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata, start,"
                + " answer, \"end\", duration, billsec, disposition, amaflags, uniqueid, linkedid, userfield) VALUES ("
                + utc(start) + ", '\"\" <" + src + ">', '" + src + "', '4008001234', 'hotline-in', 'PJSIP/trunk-0000a001', '"
                + dstchannel + "', '" + lastapp + "', 'hotline,t,,,60', " + utc(start) + ", "
                + (answer == null ? "NULL" : utc(answer)) + ", " + utc(end) + ", "
                + Duration.between(start, end).toSeconds() + ", "
                + (answer == null ? 0 : Duration.between(answer, end).toSeconds()) + ", '" + disposition
                + "', 'DOCUMENTATION', '" + uniqueId + "', '" + linkedId + "', '" + userfield + "')");
    }

    @Test
    void shouldFollowTheCallStillUpAndRecoverTheCallsThatPassedDuringTheDropFromTheCdrTable() throws Exception {
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)));
        int loginsBefore = pbx.logins();
        Transcript lab = Transcript.load("ami-core-show-channels-mid-call.txt");
        Instant at = OffsetDateTime.parse("2030-05-20T10:00:00+08:00").toInstant();
        clock.set(at); // the CDRs below are within hotline.cdr.look-back of the service's clock
        long shift = at.getEpochSecond() - lab.firstTimestamp().getEpochSecond();
        String callerA = Numbers.e164(Numbers.national());
        Transcript a = lab.shifted(shift).replacing("+8613800001001", callerA);
        String idA = a.linkedId();
        Instant cut = a.firstTimestamp().plusSeconds(8);
        Transcript beforeDrop = a.until(f -> f.timestamp() != null && f.timestamp().isAfter(cut));
        Transcript afterDrop = a.from(f -> f.timestamp() != null && f.timestamp().isAfter(cut));

        // call C: seen entering the hotline before the drop, gone when the link comes back
        String idC = (at.getEpochSecond() + 1) + ".500";
        String callerC = Numbers.national();
        Instant startC = at.plusSeconds(1);
        pbx.replay(List.of(
                AmiFrame.of("Event", "Newchannel", "Timestamp", startC.getEpochSecond() + ".000100", "Channel",
                        "PJSIP/trunk-0000a002", "Context", "hotline-in", "Exten", "4008001234", "CallerIDNum", callerC,
                        "Uniqueid", idC, "Linkedid", idC),
                AmiFrame.of("Event", "QueueCallerJoin", "Timestamp", startC.getEpochSecond() + ".400000", "Channel",
                        "PJSIP/trunk-0000a002", "Context", "hotline-in", "CallerIDNum", callerC, "Uniqueid", idC,
                        "Linkedid", idC, "Queue", "hotline", "Position", "2", "Count", "2")), f -> { });
        pbx.replay(beforeDrop.events(), f -> { });
        await("both calls followed before the drop", () -> row(idA, "outcome") != null && row(idC, "outcome") != null);
        assertEquals("IN_PROGRESS", row(idA, "outcome"));

        // while the link is down: C's caller hangs up in the queue, B begins and ends, answered by an agent
        String agent = Api.user("agent");
        cdr(idC, idC, callerC, "Queue", "", startC, null, startC.plusSeconds(40), "NO ANSWER");
        String idB = (at.getEpochSecond() + 20) + ".900";
        String callerB = Numbers.national();
        Instant startB = at.plusSeconds(20);
        cdr(idB, idB, callerB, "Queue", "PJSIP/" + agent + "-0000001a", startB, startB.plusSeconds(7),
                startB.plusSeconds(67), "ANSWERED");
        pbx.setCoreShowChannels(a.coreShowChannelsAnswer());
        int resyncsBefore = (int) pbx.actions().stream().filter(f -> "CoreShowChannels".equalsIgnoreCase(f.type())).count();
        pbx.dropConnection();

        assertTrue(pbx.awaitLogins(loginsBefore + 1, Duration.ofSeconds(20)), "the service logs in again");
        assertTrue(pbx.awaitActions("CoreShowChannels", resyncsBefore + 1, Duration.ofSeconds(20)),
                "and asks what is in progress");
        await("B and C recovered from the CDR table", () -> "true".equals(row(idB, "(outcome_applied)::text"))
                && "true".equals(row(idC, "(outcome_applied)::text")));
        pbx.replay(afterDrop.events(), f -> { });
        await("A ends", () -> "ANSWERED".equals(row(idA, "outcome")));

        assertEquals("ANSWERED|CDR|" + Numbers.e164(callerB), row(idB, "outcome || '|' || source || '|' || caller_number"));
        assertEquals(Long.toString(Api.staffId(agent)), row(idB, "answered_by::text"));
        assertEquals(7.0, Double.parseDouble(row(idB, "extract(epoch FROM answered_at - started_at)::text")), 0.001);
        assertEquals("ABANDONED", row(idC, "outcome"), "unanswered and not given up by the hotline: the caller left");
        assertEquals("CALLBACK", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + idC + "'"));
        assertEquals("OPEN", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + idB + "'"));
        assertEquals("AMI", row(idA, "source"), "A was followed across the drop, not recovered");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM call_record WHERE linked_id IN ('" + idA + "', '" + idB
                + "', '" + idC + "') GROUP BY linked_id ORDER BY 1 DESC LIMIT 1"));
    }

    @Inject
    TestClock clock;

    private static int lostAwaitingCdr() {
        return com.evhotline.support.Api.asAdmin().get("/q/health/group/pbx").jsonPath().getInt("checks[0].data.callsLostInADropAwaitingTheirCdr");
    }

    @Test
    void shouldSettleACallThatEndedDuringTheDropAsMissedWhenNoCdrComesForIt() throws Exception {
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)));
        Instant at = OffsetDateTime.parse("2030-05-22T10:00:00+08:00").toInstant();
        clock.set(at);
        String id = at.getEpochSecond() + ".700";
        String caller = Numbers.national();
        pbx.replay(List.of(
                AmiFrame.of("Event", "Newchannel", "Timestamp", at.getEpochSecond() + ".000100", "Channel",
                        "PJSIP/trunk-0000a0d1", "ChannelState", "4", "ChannelStateDesc", "Ring", "Context", "hotline-in",
                        "Exten", "4008001234", "CallerIDNum", caller, "Uniqueid", id, "Linkedid", id),
                AmiFrame.of("Event", "QueueCallerJoin", "Timestamp", at.getEpochSecond() + ".400000", "Channel",
                        "PJSIP/trunk-0000a0d1", "Context", "hotline-in", "CallerIDNum", caller, "Uniqueid", id,
                        "Linkedid", id, "Queue", "hotline", "Position", "1", "Count", "1")), f -> { });
        await("the call followed", () -> row(id, "outcome") != null);

        // the link drops; the caller gives up meanwhile, and no CDR is written (cdr_pgsql not set up)
        pbx.setCoreShowChannels(List.of());
        clock.set(at.plusSeconds(40));
        reconnect();
        // (other tests' call records in progress that nothing follows are waiting beside it)
        await("the call known lost, waiting for its CDR", () -> lostAwaitingCdr() >= 1);
        assertEquals("IN_PROGRESS", row(id, "outcome"), "its CDR may still come");

        // five minutes after the PBX last spoke of it, still no CDR: the next reconciliation settles it
        clock.set(at.plusSeconds(6 * 60));
        reconnect();
        await("settled from what was seen", () -> "true".equals(row(id, "(outcome_applied)::text")));
        assertEquals("MISSED|AMI", row(id, "outcome || '|' || source"));
        assertEquals("CALLBACK", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + id + "'"), "the customer is called back, not forgotten");
    }

    @Test
    void shouldReadTheDialplansMarksInTheCdrsOfCallsThatPassedDuringTheDrop() throws Exception {
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)));
        Instant at = OffsetDateTime.parse("2030-05-23T21:00:00+08:00").toInstant();
        clock.set(at.plusSeconds(300));
        long duty = Api.staffId(Api.user("duty"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + duty);
        // forwarded: the caller's channel answered by the dialplan at +1 s, the second mobile accepted at +25 s
        String forwarded = (at.getEpochSecond()) + ".810";
        cdr(forwarded, forwarded, Numbers.national(), "Dial", "PJSIP/trunk-0000b002", at, at.plusSeconds(1),
                at.plusSeconds(95), "ANSWERED", "accepted:" + mobile + "@" + at.plusSeconds(25).getEpochSecond());
        // given up: nobody accepted, the caller heard the call-back message
        String missed = (at.getEpochSecond() + 1) + ".811";
        Instant m = at.plusSeconds(1);
        cdr(missed, missed, Numbers.national(), "Playback", "PJSIP/trunk-0000b003", m, m.plusSeconds(1),
                m.plusSeconds(80), "ANSWERED", "missed");

        reconnect();
        await("both recovered from the CDR table", () -> "true".equals(row(forwarded, "(outcome_applied)::text"))
                && "true".equals(row(missed, "(outcome_applied)::text")));

        assertEquals("FORWARDED|" + duty, row(forwarded, "outcome || '|' || answered_by"));
        assertEquals(25.0, Double.parseDouble(row(forwarded, "extract(epoch FROM answered_at - started_at)::text")), 0.001,
                "answered when the mobile accepted, not when the dialplan answered the caller");
        assertEquals("MISSED", row(missed, "outcome"));
        assertEquals("CALLBACK", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + missed + "'"));
    }

    /**
     * An earlier process of the service was killed while it followed two calls: the routing script had
     * opened their tickets, one was answered by an agent. Both ended while no service was running. Once the
     * service is back and the PBX has said which channels are up, the answered call is settled from its CDR
     * at once; the other, whose CDR never comes, HOTLINE_CDR_SETTLE_AFTER after the service found it left
     * over: nobody was seen taking it, so it counts as missed and its customer is called back.
     */
    @Test
    void shouldSettleTheCallRecordsAKilledRunLeftInProgressFromTheirCdrOrWithoutOne() throws Exception {
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)));
        Instant at = OffsetDateTime.parse("2030-05-24T10:00:00+08:00").toInstant();
        String agent = Api.user("agent");
        String answeredCaller = Numbers.national();
        String missedCaller = Numbers.national();
        String answered = at.getEpochSecond() + ".901";
        String missed = (at.getEpochSecond() + 2) + ".902";
        clock.set(at);
        com.evhotline.support.agi.FakeAgiClient.call().callerId(answeredCaller).linkedId(answered).uniqueId(answered)
                .run("127.0.0.1", com.evhotline.support.EmbeddedPostgresResource.agiPort());
        clock.set(at.plusSeconds(2));
        com.evhotline.support.agi.FakeAgiClient.call().callerId(missedCaller).linkedId(missed).uniqueId(missed)
                .run("127.0.0.1", com.evhotline.support.EmbeddedPostgresResource.agiPort());
        await("both calls on their tickets", () -> row(answered, "ticket_id") != null && row(missed, "ticket_id") != null);
        // what the killed run had written of them: the agent's answer of the first, nothing more
        Api.execute("UPDATE call_record SET answered_at = started_at + interval '9 seconds', answered_by_name = '"
                + agent + "' WHERE linked_id = '" + answered + "'");
        assertEquals("IN_PROGRESS|IN_PROGRESS", row(answered, "outcome") + "|" + row(missed, "outcome"));

        // while no service ran: both calls ended; cdr_pgsql wrote the first one's CDR only
        cdr(answered, answered, answeredCaller, "Queue", "PJSIP/" + agent + "-0000e001", at, at.plusSeconds(9),
                at.plusSeconds(80), "ANSWERED");
        clock.set(at.plusSeconds(120));
        reconnect(); // the service back: it logs in and asks the PBX which channels are up (none of these)

        await("the answered call settled from its CDR", () -> "true".equals(row(answered, "(outcome_applied)::text")));
        assertEquals("ANSWERED|" + Api.staffId(agent), row(answered, "outcome || '|' || answered_by"));
        assertEquals(71.0, Double.parseDouble(row(answered, "extract(epoch FROM ended_at - answered_at)::text")), 0.001,
                "its talk time from the CDR");
        assertEquals("IN_PROGRESS", row(missed, "outcome"), "its CDR may still come");

        clock.set(at.plusSeconds(120 + 5 * 60 + 1));
        reconnect();
        await("the call without a CDR settled from what was seen", () -> "true".equals(row(missed, "(outcome_applied)::text")));
        assertEquals("MISSED", row(missed, "outcome"), "nobody was seen taking it");
        assertEquals(0.0, Double.parseDouble(row(missed, "extract(epoch FROM ended_at - started_at)::text")), 1.0,
                "ended when last heard of: no time invented");
        assertEquals("CALLBACK", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + missed + "'"), "the customer is called back");
        assertEquals("OPEN", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + answered + "'"));
    }

    /** The link drops and the service logs in again and asks what is in progress. */
    private void reconnect() {
        int logins = pbx.logins();
        int resyncs = (int) pbx.actions().stream().filter(f -> "CoreShowChannels".equalsIgnoreCase(f.type())).count();
        pbx.dropConnection();
        assertTrue(pbx.awaitLogins(logins + 1, Duration.ofSeconds(20)), "the service logs in again");
        assertTrue(pbx.awaitActions("CoreShowChannels", resyncs + 1, Duration.ofSeconds(20)));
    }
}
