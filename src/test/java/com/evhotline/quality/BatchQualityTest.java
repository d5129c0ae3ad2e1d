package com.evhotline.quality;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.TestMail;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch quality problems: the same fault (trimmed, any case) on three vehicles within seven days is flagged once
 * and mailed to the quality list at once; a fourth vehicle joins the flag; further apart, or one vehicle twice, is
 * no batch. Dates in 2053, where no other test works; each test its own fault.
 */
@QuarkusTest
class BatchQualityTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    QualityMailWorker worker;

    String supervisor;
    String fault;

    @BeforeEach
    void setUp() {
        supervisor = Api.user("supervisor");
        fault = "Battery will not charge " + System.nanoTime();
    }

    private static String vin() {
        return "LGWEF4A5" + String.format("%09d", System.nanoTime() % 1_000_000_000L);
    }

    /** A ticket received at {@code at} for the vehicle, then its fault recorded; answers its id once looked at. */
    private long ticket(String at, String vin, String faultAsTyped) {
        clock.set(at);
        long id = as(supervisor).body(Map.of("callerNumber", Numbers.national(), "category", "GENERAL_QUALITY",
                "vin", vin)).post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(supervisor).body(Map.of("fault", faultAsTyped)).patch("/api/tickets/" + id).then().statusCode(200);
        Await.until("ticket " + id + "'s fault looked at", BOUND,
                () -> Api.queryLong("SELECT count(*) FROM quality_fault_check WHERE ticket_id = " + id) == 1);
        return id;
    }

    /** A ticket opened with its fault for the vehicle, received at {@code at}; answers its id once looked at. */
    private long openedWithFault(String at, String vin, String faultAsTyped) {
        clock.set(at);
        long id = as(supervisor).body(Map.of("callerNumber", Numbers.national(), "category", "GENERAL_QUALITY",
                "vin", vin, "fault", faultAsTyped)).post("/api/tickets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Await.until("ticket " + id + "'s fault looked at", BOUND,
                () -> Api.queryLong("SELECT count(*) FROM quality_fault_check WHERE ticket_id = " + id) == 1);
        return id;
    }

    private long flags() {
        return Api.queryLong("SELECT count(*) FROM quality_batch WHERE fault_key = '" + fault.toLowerCase() + "'");
    }

    private long vehicles() {
        return Api.queryLong("SELECT coalesce(max(vehicles), 0) FROM quality_batch WHERE fault_key = '"
                + fault.toLowerCase() + "'");
    }

    private List<MimeMessage> mails(String subjectPart) {
        return Arrays.stream(TestMail.get().getReceivedMessages()).filter(m -> {
            try {
                String subject = m.getSubject().toLowerCase();
                return subject.contains(fault.toLowerCase()) && subject.contains(subjectPart);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static long batchEvents(long ticket) {
        return Api.queryLong("SELECT count(*) FROM ticket_event WHERE type = 'QUALITY_BATCH' AND ticket_id = " + ticket);
    }

    @Test
    void theThirdVehicleFlagsAndMailsAndTheFourthJoinsTheSameFlag() {
        long t1 = ticket("2053-02-01T10:00:00+08:00", vin(), fault);
        long t2 = ticket("2053-02-02T10:00:00+08:00", vin(), "  " + fault.toUpperCase() + " ");
        assertEquals(0, flags(), "two vehicles are no batch");

        long t3 = ticket("2053-02-04T10:00:00+08:00", vin(), fault.toLowerCase());
        assertEquals(1, flags());
        assertEquals(3, vehicles());
        Await.until("the quality list told at once", BOUND, () -> mails("3 辆车").size() == 2);
        for (long t : List.of(t1, t2, t3)) {
            assertEquals(1, batchEvents(t), "on the history of ticket " + t);
        }

        long t4 = ticket("2053-02-06T10:00:00+08:00", vin(), fault);
        assertEquals(1, flags(), "the fourth vehicle joins the open flag");
        assertEquals(4, vehicles());
        assertEquals(1, batchEvents(t4));
        Await.until("the new vehicle told", BOUND, () -> mails("共 4 辆车").size() == 2);

        long batch = Api.queryLong("SELECT id FROM quality_batch WHERE fault_key = '" + fault.toLowerCase() + "'");
        as(supervisor).get("/api/quality/batches").then().statusCode(200)
                .body("find { it.id == " + batch + " }.vehicles", equalTo(4))
                .body("find { it.id == " + batch + " }.fault", equalTo(fault.toLowerCase())) // as the third typed it
                .body("find { it.id == " + batch + " }.tickets.size()", equalTo(4))
                .body("find { it.id == " + batch + " }.firstReceivedAt", equalTo("2053-02-01T10:00:00+08:00"));
        as(supervisor).get("/api/tickets/" + t2).then().body("fault", equalTo(fault.toUpperCase()));
    }

    @Test
    void ticketsOpenedWithTheFaultMakeTheBatchAsClassifiedOnesDo() {
        long t1 = openedWithFault("2053-06-01T10:00:00+08:00", vin(), fault);
        long t2 = openedWithFault("2053-06-02T10:00:00+08:00", vin(), " " + fault.toUpperCase());
        assertEquals(0, flags(), "two vehicles are no batch");

        long t3 = openedWithFault("2053-06-03T10:00:00+08:00", vin(), fault);
        assertEquals(1, flags());
        assertEquals(3, vehicles());
        Await.until("the quality list told at once", BOUND, () -> mails("3 辆车").size() == 2);
        for (long t : List.of(t1, t2, t3)) {
            assertEquals(1, batchEvents(t), "on the history of ticket " + t);
        }

        long t4 = ticket("2053-06-04T10:00:00+08:00", vin(), fault);
        assertEquals(1, flags(), "a vehicle classified later joins the flag the opened ones raised");
        assertEquals(4, vehicles());
        assertEquals(1, batchEvents(t4));
    }

    @Test
    void vehiclesFurtherApartThanTheWindowAreNoBatch() {
        ticket("2053-03-01T10:00:00+08:00", vin(), fault);
        ticket("2053-03-05T10:00:00+08:00", vin(), fault);
        ticket("2053-03-10T10:00:00+08:00", vin(), fault);
        assertEquals(0, flags(), "no seven days hold three of them");
    }

    @Test
    void theSameVehicleTwiceCountsOnce() {
        String same = vin();
        ticket("2053-04-01T10:00:00+08:00", same, fault);
        ticket("2053-04-02T10:00:00+08:00", same, fault);
        ticket("2053-04-03T10:00:00+08:00", vin(), fault);
        assertEquals(0, flags(), "two vehicles, three tickets");

        ticket("2053-04-04T10:00:00+08:00", vin(), fault);
        assertEquals(1, flags());
        assertEquals(3, vehicles());
        assertEquals(4, Api.queryLong("SELECT count(*) FROM quality_batch_ticket m JOIN quality_batch b ON b.id = m.batch_id"
                + " WHERE b.fault_key = '" + fault.toLowerCase() + "'"));
    }

    @Test
    void aMailThatCannotBeSentIsToldToTheSupervisorsAfterItsLastTry() throws Exception {
        clock.set("2053-05-01T10:00:00+08:00");
        long supervisorId = Api.staffId(supervisor);
        String source = "test:" + System.nanoTime();
        // an address the mail client refuses (a line break in it); the next try is the last of six
        Api.execute("INSERT INTO quality_mail (source, address, subject, body, state, attempts, next_attempt_at, created_at)"
                + " VALUES ('" + source + "', E'qa@ev-hotline.test\\r\\nDATA', 'subject " + source + "', 'body', 'QUEUED', 5,"
                + " '2053-05-01T02:00:00Z', '2053-05-01T02:00:00Z')");
        long mail = Api.queryLong("SELECT id FROM quality_mail WHERE source = '" + source + "'");
        worker.wake();
        Await.until("failed for good", BOUND,
                () -> "FAILED".equals(Api.queryString("SELECT state FROM quality_mail WHERE id = " + mail)));
        Await.until("the supervisors told", BOUND, () -> Api.queryLong("SELECT count(*) FROM notification"
                + " WHERE source = 'quality-mail:" + mail + "' AND channel = 'WEB' AND kind = 'DELIVERY_FAILED'"
                + " AND recipient_staff_id = " + supervisorId) == 1);
        assertEquals(true, Api.queryString("SELECT subject FROM notification WHERE source = 'quality-mail:" + mail
                + "' LIMIT 1").startsWith("QUALITY E-MAIL NOT SENT to qa@ev-hotline.test\r\nDATA after 6 tries"));
    }
}
