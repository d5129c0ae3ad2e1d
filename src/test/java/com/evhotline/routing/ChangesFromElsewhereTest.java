package com.evhotline.routing;

import static com.evhotline.support.Api.as;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A holiday marked and a shift entered through another instance (here: written straight into the
 * database, as that instance's commit would be) reach this instance's routing within seconds.
 */
@QuarkusTest
class ChangesFromElsewhereTest {

    @Inject
    TestClock clock;

    @Test
    void aHolidayAndAShiftCommittedElsewhereReachRoutingWithinSeconds() throws Exception {
        clock.set("2035-05-07T09:00:00+08:00");
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        JsonPath before = as(supervisor).queryParam("at", "2035-05-08T10:00:00+08:00").get("/api/routing")
                .then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("QUEUE", before.getString("route"), "a Tuesday morning");

        Api.execute("INSERT INTO calendar_day (day, type, note, created_by, created_at)"
                + " VALUES ('2035-05-08', 'HOLIDAY', 'marked elsewhere', 'other-instance', now())");
        Api.execute("INSERT INTO roster_shift (staff_id, start_at, end_at, position, override, created_by, created_at)"
                + " VALUES (" + duty + ", '2035-05-08T08:00:00+08:00', '2035-05-09T08:00:00+08:00', 1, false,"
                + " 'other-instance', now())");

        Await.until("the holiday and the shift reach routing", Duration.ofSeconds(10), () -> {
            JsonPath now = as(supervisor).queryParam("at", "2035-05-08T10:00:00+08:00").get("/api/routing")
                    .then().statusCode(200).extract().jsonPath();
            return "FORWARD".equals(now.getString("route")) && Long.valueOf(duty).equals(now.getLong("forward[0].staffId"));
        });
    }
}
