package com.evhotline.delivery;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakeSmsGateway;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A work-instruction notice nobody acknowledges is chased: after 10 minutes its addressees again (by voice),
 * after 30 the regional managers of the station's region, after 60 the leaders; an acknowledgement stops it.
 * Notices in 2043, where no other test issues any.
 */
@QuarkusTest
class NoticeChaseTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    private record Issued(long notice, long stationPerson, long regional) {
    }

    private Issued issue(OffsetDateTime at) {
        clock.set(at.toString());
        String region = "Chase-" + System.nanoTime();
        long station = Api.asAdmin().body(Map.of("code", "CH" + System.nanoTime() % 1_000_000_000L, "name", "Chase",
                "region", region)).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long person = Api.staffId(Api.user(Map.of("stationId", station), "station"));
        long regional = Api.staffId(Api.user(Map.of("region", region), "regional"));
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "RESCUE"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "Tow truck to km 88", "distanceBand", "URBAN"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
        return new Issued(notice, person, regional);
    }

    private static long told(long notice, int step, long staff) {
        return Api.queryLong("SELECT count(*) FROM notification WHERE source = 'notice-chase:" + notice + ":" + step
                + "' AND channel = 'WEB' AND recipient_staff_id = " + staff);
    }

    @Test
    void anUnacknowledgedNoticeIsChasedStepByStepUpToTheLeaders() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-05-06T02:00:00+08:00");
        Issued n = issue(issued);
        long leader = Api.staffId(Api.user("leader"));

        clock.set(issued.plusMinutes(9).toString());
        clock.set(issued.plusMinutes(11).toString());
        Await.until("the station is told again", BOUND, () -> told(n.notice(), 1, n.stationPerson()) == 1);
        Await.until("by voice", BOUND, () -> Api.queryLong("SELECT count(*) FROM notification WHERE source ="
                + " 'notice-chase:" + n.notice() + ":1' AND channel = 'VOICE'") == 1);
        assertEquals(0, told(n.notice(), 2, n.regional()), "the region not yet");

        clock.set(issued.plusMinutes(31).toString());
        Await.until("the regional manager is told", BOUND, () -> told(n.notice(), 2, n.regional()) == 1);
        clock.set(issued.plusMinutes(61).toString());
        Await.until("the leaders are told", BOUND, () -> told(n.notice(), 3, leader) == 1);
        assertEquals(1, told(n.notice(), 1, n.stationPerson()), "each step once");

        // the leader acknowledges the message telling them: that is not the station acknowledging the notice
        long leaderSms = Api.queryLong("SELECT id FROM notification WHERE source = 'notice-chase:" + n.notice()
                + ":3' AND channel = 'SMS' AND recipient_staff_id = " + leader);
        String sms = Await.value(() -> FakeSmsGateway.get().messagesContaining("/ack/" + leaderSms + ".").stream()
                .findFirst().orElse(null), BOUND);
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("/ack/([0-9.A-Za-z_-]+)").matcher(sms);
        org.junit.jupiter.api.Assertions.assertTrue(token.find());
        io.restassured.RestAssured.given().post("/ack/" + token.group(1)).then().statusCode(200);
        assertEquals("ISSUED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + n.notice()));
    }

    @Test
    void anAcknowledgementStopsTheChase() {
        OffsetDateTime issued = OffsetDateTime.parse("2043-06-06T02:00:00+08:00");
        Issued n = issue(issued);
        Issued witness = issue(issued); // left unacknowledged: when it reaches the leaders, the chase went by
        long leader = Api.staffId(Api.user("leader"));
        clock.set(issued.plusMinutes(11).toString());
        Await.until("the station is told again", BOUND, () -> told(n.notice(), 1, n.stationPerson()) == 1);

        as(Api.user("supervisor")).post("/api/notices/" + n.notice() + "/ack").then().statusCode(200);
        clock.set(issued.plusMinutes(61).toString());
        Await.until("the witness reached the leaders", BOUND, () -> told(witness.notice(), 3, leader) == 1);

        assertEquals(0, told(n.notice(), 2, n.regional()));
        assertEquals(0, told(n.notice(), 3, leader));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM notification WHERE notice_id = " + n.notice()
                + " AND channel <> 'WEB' AND acknowledged_at IS NULL AND state = 'QUEUED'"), "nothing left to send");
    }
}
