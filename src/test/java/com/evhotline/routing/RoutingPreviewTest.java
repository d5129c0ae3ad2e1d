package com.evhotline.routing;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "18:05 on a public holiday: whose phone rings?" answered before it matters, without opening a ticket. */
@QuarkusTest
class RoutingPreviewTest {

    /** The service's clock, set to an instant of this test's own: a ticket the preview opened would carry it. */
    @jakarta.inject.Inject
    com.evhotline.support.TestClock clock;

    @Test
    void shouldAnswerQueueInOfficeHoursAndTheOnDutyChainOnAHolidayEvening() {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        clock.set(java.time.Instant.parse("2033-09-30T01:00:00Z"));
        String opened = "SELECT count(*) FROM ticket WHERE received_at >= '2033-09-30T01:00:00Z'";
        long tickets = Api.queryLong(opened);
        as(supervisor).body(Map.of("date", "2033-10-03", "type", "HOLIDAY", "note", "National Day")).post("/api/calendar/days")
                .then().statusCode(200);
        as(supervisor).body(Map.of("staffId", duty, "start", "2033-10-03T08:00:00+08:00", "end", "2033-10-04T08:00:00+08:00",
                "position", 1)).post("/api/roster/shifts").then().statusCode(201);

        as(supervisor).queryParam("at", "2033-10-03T18:05:00+08:00").get("/api/routing").then().statusCode(200)
                .body("route", equalTo("FORWARD"))
                .body("queue", nullValue())
                .body("forward[0].staffId", equalTo((int) duty)) // first in call order (other tests' rotations follow)
                .body("reason", containsString("public holiday 2033-10-03"));
        as(supervisor).queryParam("at", "2033-10-05T10:00:00+08:00").get("/api/routing").then().statusCode(200)
                .body("route", equalTo("QUEUE"))
                .body("queue", equalTo("hotline"))
                .body("officeHours", equalTo(true))
                .body("reason", containsString("inside office hours"));
        as(Api.user(Map.of("region", "Anhui"), "regional")).get("/api/routing").then().statusCode(403);
        assertEquals(tickets, Api.queryLong(opened), "a preview opens no ticket");
    }
}
