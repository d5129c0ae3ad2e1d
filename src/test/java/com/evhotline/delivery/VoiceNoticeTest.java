package com.evhotline.delivery;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakePbx;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.ami.AmiFrame;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A major incident rings every leader: the test-side PBX receives the AMI Originate into hotline-notify with the
 * message and the ticket number, and the leader's key press (the dialplan's UserEvent) acknowledges the message on
 * every channel it went by. Dates are in 2041, where no other test sends.
 */
@QuarkusTest
class VoiceNoticeTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    @Test
    void aMajorIncidentRingsTheLeaderAndTheKeyPressAcknowledgesIt() {
        clock.set("2041-04-02T03:00:00+08:00"); // 3 a.m.
        String leader = Api.user("leader");
        long leaderId = Api.staffId(leader);
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + leaderId);
        long ticket = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT",
                "description", "vehicle fire on the G4")).post("/api/tickets").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        String number = Api.queryString("SELECT number FROM ticket WHERE id = " + ticket);

        AmiFrame originate = Await.value(() -> FakePbx.ami().actions().stream()
                .filter(a -> "Originate".equalsIgnoreCase(a.get("Action")))
                .filter(a -> ("Local/" + mobile + "@hotline-notify-dial").equals(a.get("Channel")))
                .findFirst().orElse(null), BOUND);
        assertEquals("hotline-notify", originate.get("Context"));
        assertTrue(originate.getAll("Variable").contains("HOTLINE_NOTICE_TICKET=" + number), originate.toString());
        long message = Long.parseLong(originate.getAll("Variable").stream()
                .filter(v -> v.startsWith("HOTLINE_NOTICE_ID=")).findFirst().orElseThrow().substring(18));
        assertEquals("VOICE|MAJOR_INCIDENT|" + leaderId, Api.queryString("SELECT channel || '|' || kind || '|' ||"
                + " recipient_staff_id FROM notification WHERE id = " + message));
        Await.until("the answered call recorded", BOUND, () -> "ACCEPTED".equals(Api.queryString(
                "SELECT state FROM notification WHERE id = " + message)));

        FakePbx.ami().sendRaw("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: HotlineNoticeAck\r\nNotice: "
                + message + "\r\n\r\n");

        Await.until("acknowledged by the key press", BOUND, () -> "ACKNOWLEDGED".equals(Api.queryString(
                "SELECT state FROM notification WHERE id = " + message)));
        assertTrue(Api.queryString("SELECT acknowledged_by FROM notification WHERE id = " + message)
                .startsWith("key press: "));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notification WHERE source = (SELECT source FROM notification"
                + " WHERE id = " + message + ") AND recipient_staff_id = " + leaderId + " AND acknowledged_at IS NULL"),
                "every channel of the message to the leader");
    }

    @Test
    void aCallThatRingsOutIsPlacedAgainAndCountsOnlyOnceAnswered() {
        clock.set("2041-04-05T03:00:00+08:00");
        String leader = Api.user("leader");
        long leaderId = Api.staffId(leader);
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + leaderId);
        FakePbx.ami().leaveUnanswered(mobile);
        try {
            as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT",
                    "description", "battery smoke in a car park")).post("/api/tickets").then().statusCode(201);
            long message = Await.value(() -> {
                long id = Api.queryLong("SELECT coalesce(max(id), 0) FROM notification WHERE channel = 'VOICE'"
                        + " AND recipient_staff_id = " + leaderId);
                return id == 0 ? null : id;
            }, BOUND);
            Await.until("the call that rang out is waiting for another try", BOUND, () -> Api.queryString(
                    "SELECT state || '|' || attempts || '|' || coalesce(last_error, '') FROM notification WHERE id = " + message)
                    .equals("QUEUED|1|the call was not answered (no answer)"));
            assertEquals(null, Api.queryString("SELECT accepted_at::text FROM notification WHERE id = " + message),
                    "a call placed is not a leader reached");
            assertEquals(1, Api.queryLong("SELECT count(*) FROM notification_attempt WHERE notification_id = " + message
                    + " AND outcome = 'FAILED'"));

            FakePbx.ami().answerAll();
            clock.set("2041-04-05T03:00:11+08:00");
            Await.until("placed again after the backoff, and answered", BOUND, () -> "ACCEPTED|2".equals(Api.queryString(
                    "SELECT state || '|' || attempts FROM notification WHERE id = " + message)));
            assertEquals(2, FakePbx.ami().actions().stream().filter(a -> "Originate".equalsIgnoreCase(a.get("Action")))
                    .filter(a -> ("Local/" + mobile + "@hotline-notify-dial").equals(a.get("Channel"))).count());
            assertTrue(Api.queryString("SELECT accepted_at::text FROM notification WHERE id = " + message) != null);
        } finally {
            FakePbx.ami().answerAll();
        }
    }

    @Test
    void aPbxThatDoesNotAnswerHoldsUpNoTextMessage() {
        clock.set("2041-04-07T03:00:00+08:00");
        long leaderId = Api.staffId(Api.user("leader"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + leaderId);
        String agent = Api.user("agent");
        FakePbx.ami().leaveOriginatesUnanswered(mobile);
        try {
            long first = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT",
                    "description", "a coach stopped in a tunnel")).post("/api/tickets").then().statusCode(201).extract()
                    .jsonPath().getLong("id");
            long call = Await.value(() -> {
                long id = Api.queryLong("SELECT coalesce(max(id), 0) FROM notification WHERE channel = 'VOICE'"
                        + " AND attempts = 1 AND recipient_staff_id = " + leaderId);
                return id == 0 ? null : id;
            }, BOUND);
            Await.until("the PBX asked to place the call", BOUND, () -> FakePbx.ami().actions().stream()
                    .anyMatch(a -> String.valueOf(a.get("ActionID")).endsWith("hotline-voice-" + call + "-1")));

            // while the PBX keeps the call's Originate unanswered, the next incident's text reaches the leader
            long second = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT",
                    "description", "a second coach behind it")).post("/api/tickets").then().statusCode(201).extract()
                    .jsonPath().getLong("id");
            Await.until("the second incident's text accepted", BOUND, () -> "ACCEPTED".equals(Api.queryString(
                    "SELECT state FROM notification WHERE channel = 'SMS' AND ticket_id = " + second
                            + " AND recipient_staff_id = " + leaderId)));
            assertEquals(0, Api.queryLong("SELECT count(*) FROM notification_attempt WHERE notification_id = " + call),
                    "the call is still waiting for the PBX's answer (it gives up after 10 s)");

            FakePbx.ami().answerAll(); // the PBX answers at last: both calls are placed and answered
            Await.until("both incidents' calls answered", BOUND, () -> Api.queryLong("SELECT count(*) FROM notification"
                    + " WHERE channel = 'VOICE' AND state = 'ACCEPTED' AND recipient_staff_id = " + leaderId
                    + " AND ticket_id IN (" + first + ", " + second + ")") == 2);
        } finally {
            FakePbx.ami().answerAll();
        }
    }

    @Test
    void aCallWhoseOutcomeNeverComesOrThatNobodyAcknowledgesIsTriedAgain() {
        clock.set("2041-04-06T03:00:00+08:00");
        long leaderId = Api.staffId(Api.user("leader"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + leaderId);
        FakePbx.ami().staySilent(mobile);
        try {
            as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT",
                    "description", "a car on fire at a charger")).post("/api/tickets").then().statusCode(201);
            long message = Await.value(() -> {
                long id = Api.queryLong("SELECT coalesce(max(id), 0) FROM notification WHERE channel = 'VOICE'"
                        + " AND state = 'SENT' AND recipient_staff_id = " + leaderId);
                return id == 0 ? null : id;
            }, BOUND);
            // the PBX restarted while it rang: no outcome ever comes; two minutes on, the call counts as unanswered
            clock.set("2041-04-06T03:02:01+08:00");
            Await.until("tried again", BOUND, () -> "QUEUED|the PBX never said whether the call was answered".equals(
                    Api.queryString("SELECT state || '|' || coalesce(last_error, '') FROM notification WHERE id = " + message)));

            // answered by a voicemail: played three times, 1 never pressed
            FakePbx.ami().answerAll();
            clock.set("2041-04-06T03:03:00+08:00");
            Await.until("answered the second time", BOUND, () -> "ACCEPTED".equals(Api.queryString(
                    "SELECT state FROM notification WHERE id = " + message)));
            FakePbx.ami().sendRaw("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: HotlineNoticeNoAck\r\nNotice: "
                    + message + "\r\n\r\n");
            Await.until("not counted as reached, tried again", BOUND, () -> Api.queryString("SELECT state || '|'"
                    + " || (accepted_at IS NULL) FROM notification WHERE id = " + message).equals("QUEUED|true"));
        } finally {
            FakePbx.ami().answerAll();
        }
    }

    @Test
    void aKeyPressOnTheCallOfAWorkInstructionAcknowledgesTheNotice() {
        clock.set("2041-04-03T10:00:00+08:00");
        long station = Api.asAdmin().body(Map.of("code", "VS" + System.nanoTime() % 1_000_000_000L, "name",
                "Voice station")).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long manager = Api.staffId(Api.user(Map.of("stationId", station), "station"));
        String mobile = Api.queryString("SELECT mobile FROM staff WHERE id = " + manager);
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "Fetch the car from the motorway"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");

        AmiFrame originate = Await.value(() -> FakePbx.ami().actions().stream()
                .filter(a -> "Originate".equalsIgnoreCase(a.get("Action")))
                .filter(a -> ("Local/" + mobile + "@hotline-notify-dial").equals(a.get("Channel")))
                .findFirst().orElse(null), BOUND);
        String message = originate.getAll("Variable").stream().filter(v -> v.startsWith("HOTLINE_NOTICE_ID="))
                .findFirst().orElseThrow().substring(18);
        FakePbx.ami().sendRaw("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: HotlineNoticeAck\r\nNotice: "
                + message + "\r\n\r\n");

        Await.until("the notice acknowledged by the key press", BOUND, () -> "ACKNOWLEDGED".equals(Api.queryString(
                "SELECT state FROM dispatch_notice WHERE id = " + notice)));
        assertEquals("MET", Api.queryString("SELECT state FROM deadline WHERE notice_id = " + notice),
                "the key press meets the notice's ACKNOWLEDGE deadline");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_event WHERE ticket_id = " + ticket
                + " AND type = 'NOTICE_ACKNOWLEDGED'"));
    }
}
