package com.evhotline.delivery;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakeSmsGateway;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.TestMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Messages reach phones and mailboxes over the real exchanges (an HTTP SMS gateway, an SMTP server), are
 * retried under the same idempotency key until taken, are acknowledged once by their signed link, and a
 * message nobody can be given is told to the supervisors. Dates are in 2041, where no other test sends.
 */
@QuarkusTest
class DeliveryTest {

    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Pattern LINK = Pattern.compile("http://[^ \"]+/ack/([0-9.A-Za-z_-]+)");

    @Inject
    TestClock clock;

    private final FakeSmsGateway gateway = FakeSmsGateway.get();

    @org.junit.jupiter.api.AfterEach
    void gatewayBackToNormal() {
        gateway.reset();
    }

    /** A ticket with a notice to a station whose staff member has a mobile and an e-mail address; answers the notice id. */
    private long noticeToStation(String instruction, String managerEmail) {
        String code = "ST" + System.nanoTime() % 1_000_000_000L;
        long station = Api.asAdmin().body(Map.of("code", code, "name", "Station " + code, "region", "East"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.user(Map.of("email", managerEmail, "stationId", station), "station");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        return as(agent).body(Map.of("stationId", station, "instruction", instruction))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private String smsFor(String text) {
        return Await.value(() -> gateway.messagesContaining(text).stream().findFirst().orElse(null), BOUND);
    }

    private static String tokenIn(String text) {
        Matcher m = LINK.matcher(text.replace("\\/", "/"));
        assertTrue(m.find(), "a link in: " + text);
        return m.group(1);
    }

    private static long smsRowOf(String instruction, String extraCondition) {
        return Await.value(() -> {
            long id = Api.queryLong("SELECT coalesce(min(id), 0) FROM notification WHERE channel = 'SMS'"
                    + " AND subject LIKE '%" + instruction + "%'" + extraCondition);
            return id == 0 ? null : id;
        }, BOUND);
    }

    private static String stateOf(long message) {
        return Api.queryString("SELECT state FROM notification WHERE id = " + message);
    }

    @Test
    void aNoticeReachesTheStationManagerBySmsAndEmailAndItsLinkAcknowledgesItOnce() throws Exception {
        clock.set("2041-03-04T10:00:00+08:00");
        String instruction = "Send a crew to G15 km 212 " + System.nanoTime();
        String email = "manager" + System.nanoTime() + "@station.test";
        long notice = noticeToStation(instruction, email);

        String sms = smsFor(instruction);
        assertTrue(sms.contains("WORK INSTRUCTION HL-"), sms);
        MimeMessage mail = Await.value(() -> Arrays.stream(TestMail.get().getReceivedMessages())
                .filter(m -> recipient(m).equals(email)).findFirst().orElse(null), BOUND);
        assertTrue(mail.getSubject().startsWith("[HL-"), "the ticket number leads the subject: " + mail.getSubject());
        String token = tokenIn(sms);
        String mailToken = tokenIn(String.valueOf(mail.getContent()));

        // a link previewer fetching the page changes nothing
        RestAssured.given().get("/ack/" + token).then().statusCode(200)
                .body(containsString("I have seen it")).body(containsString(instruction));
        String supervisor = Api.user("supervisor");
        as(supervisor).get("/api/notices/" + notice).then().body("state", equalTo("ISSUED"));

        com.evhotline.support.AckPage.confirm(token).statusCode(200).body(containsString("Acknowledged"));
        as(supervisor).get("/api/notices/" + notice).then().body("state", equalTo("ACKNOWLEDGED"));
        assertEquals("ACKNOWLEDGED,ACKNOWLEDGED", Api.queryString("SELECT string_agg(state, ',' ORDER BY channel)"
                + " FROM notification WHERE notice_id = " + notice + " AND channel IN ('SMS', 'EMAIL')"));

        com.evhotline.support.AckPage.confirm(token).statusCode(409).body(containsString("works once"));
        RestAssured.given().get("/ack/" + mailToken).then().statusCode(200).body(containsString("Already acknowledged"));

        // what reached whom, on the ticket's own view and in the notifications of the ticket
        long ticket = Api.queryLong("SELECT ticket_id FROM dispatch_notice WHERE id = " + notice);
        as(supervisor).queryParam("ticketId", ticket).get("/api/notifications").then().statusCode(200)
                .body("find { it.channel == 'SMS' && it.kind == 'DISPATCH_NOTICE' }.state", equalTo("ACKNOWLEDGED"))
                .body("find { it.channel == 'SMS' && it.kind == 'DISPATCH_NOTICE' }.tries[0].outcome", equalTo("ACCEPTED"))
                .body("find { it.channel == 'EMAIL' }.state", equalTo("ACKNOWLEDGED"))
                .body("find { it.channel == 'WEB' && it.kind == 'DISPATCH_NOTICE' }.state", equalTo("SENT"));
        as(supervisor).get("/api/tickets/" + ticket).then().statusCode(200)
                .body("deliveries.findAll { it.kind == 'DISPATCH_NOTICE' }.size()", equalTo(4));
        long otherStation = Api.asAdmin().body(Map.of("code", "OT" + System.nanoTime() % 1_000_000_000L, "name",
                "Other station")).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        as(Api.user(Map.of("stationId", otherStation), "station")).queryParam("ticketId", ticket).get("/api/notifications").then().statusCode(200)
                .body("size()", equalTo(0)); // another station's person sees only what was sent to them
        as(supervisor).get("/api/notifications").then().statusCode(400).body("detail", containsString("ticketId"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket_event WHERE type = 'NOTICE_ACKNOWLEDGED'"
                + " AND detail::jsonb ->> 'noticeId' = '" + notice + "'"), "once on the ticket's history");
    }

    @Test
    void aForgedOrExpiredLinkIsRefusedWithAClearPageAndChangesNothing() {
        clock.set("2041-03-05T10:00:00+08:00");
        String instruction = "Tow to workshop " + System.nanoTime();
        long notice = noticeToStation(instruction, "m" + System.nanoTime() + "@station.test");
        String token = tokenIn(smsFor(instruction));
        String[] parts = token.split("\\.");

        String otherMessage = (Long.parseLong(parts[0]) + 1) + "." + parts[1] + "." + parts[2];
        com.evhotline.support.AckPage.confirm(otherMessage).statusCode(400)
                .body(containsString("not made by the hotline")).body(containsString("Nothing was changed"));
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];
        com.evhotline.support.AckPage.confirm(longer).statusCode(400);
        RestAssured.given().get("/ack/not-a-link").then().statusCode(400).body(containsString("not an acknowledgement"));
        // the button's form carries a CSRF token: a post from elsewhere without it changes nothing
        RestAssured.given().formParam("x", "1").post("/ack/" + token).then().statusCode(400);
        RestAssured.given().cookie("csrf-token", "forged").formParam("csrf-token", "other").post("/ack/" + token)
                .then().statusCode(400);

        clock.set("2041-03-12T10:00:01+08:00"); // the link worked for 7 days
        com.evhotline.support.AckPage.confirm(token).statusCode(410).body(containsString("expired"));
        as(Api.user("supervisor")).get("/api/notices/" + notice).then().body("state", equalTo("ISSUED"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notification WHERE notice_id = " + notice
                + " AND acknowledged_at IS NOT NULL"));
    }

    @Test
    void aGatewayThatFailsThenRecoversGetsTheMessageOnceUnderOneKey() {
        clock.set("2041-03-06T10:00:00+08:00");
        String instruction = "Replace the 12V battery " + System.nanoTime();
        gateway.fail(instruction, 2);
        noticeToStation(instruction, "m" + System.nanoTime() + "@station.test");
        long message = smsRowOf(instruction, " AND attempts >= 1");
        Await.until("the first attempt failed", BOUND, () -> Api.queryLong(
                "SELECT count(*) FROM notification_attempt WHERE notification_id = " + message) >= 1);

        clock.set("2041-03-06T10:00:11+08:00"); // past the first wait (10 s)
        Await.until("the second attempt", BOUND, () -> Api.queryLong(
                "SELECT count(*) FROM notification_attempt WHERE notification_id = " + message) >= 2);
        clock.set("2041-03-06T10:00:40+08:00"); // past the second (20 s)
        Await.until("recorded as accepted", BOUND, () -> "ACCEPTED".equals(stateOf(message)));
        assertEquals(1, gateway.messagesContaining(instruction).size());
        List<FakeSmsGateway.Request> requests = gateway.requestsContaining(instruction);
        assertEquals(1, requests.stream().map(FakeSmsGateway.Request::key).distinct().count(), "one key: " + requests);
        assertEquals("FAILED,FAILED,ACCEPTED", Api.queryString("SELECT string_agg(outcome, ',' ORDER BY id)"
                + " FROM notification_attempt WHERE notification_id = " + message));
    }

    @Test
    void aTwoHundredThatRefusesInItsBodyIsNoAcceptance() {
        clock.set("2041-03-10T10:00:00+08:00");
        String instruction = "Check the tyres " + System.nanoTime();
        gateway.refuseInBody(instruction);
        noticeToStation(instruction, "m" + System.nanoTime() + "@station.test");
        long message = smsRowOf(instruction, " AND last_error IS NOT NULL");
        assertTrue(Api.queryString("SELECT last_error FROM notification WHERE id = " + message)
                .contains("without accepting: {\"error\":\"number blocked by the operator\"}"));

        clock.set("2041-03-10T10:00:11+08:00");
        Await.until("accepted at the next try", BOUND, () -> "ACCEPTED".equals(stateOf(message)));
    }

    @Test
    void aMessageThatCannotBeDeliveredIsToldToTheSupervisors() {
        OffsetDateTime start = OffsetDateTime.parse("2041-03-07T10:00:00+08:00");
        clock.set(start.toString());
        long supervisorId = Api.staffId(Api.user("supervisor"));
        gateway.refuseAll(true);
        try {
            String instruction = "Check charging port " + System.nanoTime();
            noticeToStation(instruction, "m" + System.nanoTime() + "@station.test");
            long message = smsRowOf(instruction, "");
            for (int attempt = 1; attempt <= 6; attempt++) {
                int n = attempt;
                Await.until("attempt " + n, BOUND, () -> Api.queryLong(
                        "SELECT count(*) FROM notification_attempt WHERE notification_id = " + message) >= n);
                clock.set(start.plusMinutes(11L * n).toString()); // past every wait (at most 10 minutes)
            }
            Await.until("given up", BOUND, () -> "FAILED".equals(stateOf(message)));
            assertEquals(6, Api.queryLong("SELECT count(*) FROM notification_attempt WHERE notification_id = " + message));
            String told = Await.value(() -> Api.queryString("SELECT subject FROM notification WHERE source ="
                    + " 'undelivered:" + message + "' AND channel = 'WEB' AND recipient_staff_id = " + supervisorId), BOUND);
            assertTrue(told.startsWith("NOT DELIVERED by SMS to "), "the supervisor is told: " + told);
        } finally {
            gateway.refuseAll(false);
        }
    }

    @Test
    void afterOfficeHoursAMessageNobodyCanBeGivenIsAlsoToldToThePersonOnDuty() {
        clock.set("2041-03-14T02:00:00+08:00");
        long duty = Api.staffId(Api.user("duty"));
        as(Api.user("supervisor")).body(Map.of("staffId", duty, "start", "2041-03-13T17:30:00+08:00",
                "end", "2041-03-14T08:30:00+08:00", "position", 1)).post("/api/roster/shifts").then().statusCode(201);
        long station = Api.asAdmin().body(Map.of("code", "NM" + System.nanoTime() % 1_000_000_000L, "name", "No mobile"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long manager = Api.staffId(Api.user(Map.of("stationId", station), "station"));
        Api.asAdmin().body(Map.of("mobile", "")).patch("/api/staff/" + manager).then().statusCode(200);
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "Night check"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");

        long failed = Await.value(() -> {
            long id = Api.queryLong("SELECT coalesce(max(id), 0) FROM notification WHERE notice_id = " + notice
                    + " AND channel <> 'WEB' AND state = 'FAILED' AND recipient_staff_id = " + manager);
            return id == 0 ? null : id;
        }, BOUND);
        String told = Await.value(() -> Api.queryString("SELECT subject FROM notification WHERE source = 'undelivered:"
                + failed + "' AND channel = 'WEB' AND recipient_staff_id = " + duty), BOUND);
        assertTrue(told.contains("no mobile number or e-mail address on record"), told);
        assertEquals(1, Api.queryLong("SELECT count(*) FROM notification WHERE notice_id = " + notice
                + " AND channel <> 'WEB' AND recipient_staff_id = " + manager), "one failure, not one per channel");
    }

    @Test
    void aGatewayAnswerLostInTransitStillMeansOneMessageOnThePhone() {
        clock.set("2041-03-08T10:00:00+08:00");
        String instruction = "Roadside check " + System.nanoTime();
        gateway.hang(instruction); // takes the message, answers after the client gave up
        noticeToStation(instruction, "m" + System.nanoTime() + "@station.test");
        long message = smsRowOf(instruction, " AND last_error IS NOT NULL");
        assertTrue(Api.queryString("SELECT last_error FROM notification WHERE id = " + message).contains("did not answer"));

        clock.set("2041-03-08T10:00:15+08:00");
        Await.until("sent again and accepted", BOUND, () -> "ACCEPTED".equals(stateOf(message)));
        Await.until("the late answer of the first request came", BOUND,
                () -> gateway.requestsContaining(instruction).size() == 2);
        assertEquals(1, gateway.messagesContaining(instruction).size(), "the gateway sends one SMS");
    }

    @Test
    void aMessageClaimedByAWorkerThatDiedIsSentOnceWhenItsLeaseEnds() {
        clock.set("2041-03-09T10:00:30+08:00");
        long staff = Api.staffId(Api.user("duty"));
        String held = "Left by a dead worker " + System.nanoTime();
        String free = "Sent meanwhile " + System.nanoTime();
        long id = insertSms(staff, held, "'2041-03-09T02:01:00Z'");
        insertSms(staff, free, "NULL");

        try {
            Await.until("a round of the worker went by", BOUND, () -> gateway.messagesContaining(free).size() == 1);
        } catch (AssertionError e) {
            throw new AssertionError(Api.queryString("SELECT string_agg(id || ' ' || state || ' ' || attempts || ' '"
                    + " || coalesce(last_error, '-') || ' ' || coalesce(lease_until::text, '-'), '; ') FROM notification"
                    + " WHERE subject LIKE 'Sent meanwhile%' OR subject LIKE 'Left by%'") + " / " + gateway.requestsContaining(free), e);
        }
        assertEquals(0, gateway.requestsContaining(held).size(), "held by its lease");
        clock.set("2041-03-09T10:01:01+08:00");
        Await.until("sent when the lease ended", BOUND, () -> gateway.messagesContaining(held).size() == 1);
        Await.until("accepted", BOUND, () -> "ACCEPTED".equals(stateOf(id)));
    }

    /** An SMS in the outbox as a worker left it: claimed once, held until {@code leaseUntil}. */
    private static long insertSms(long staff, String subject, String leaseUntil) {
        return Api.queryLong("INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, subject,"
                + " state, planned, address, next_attempt_at, attempts, lease_until) VALUES ('2041-03-09T02:00:00Z',"
                + " 'test:" + subject + "', 'ESCALATION', 'SMS', " + staff + ", '" + subject + "', 'QUEUED', true,"
                + " '+8613900000001', '2041-03-09T02:00:00Z', 1, " + leaseUntil + ") RETURNING id");
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
