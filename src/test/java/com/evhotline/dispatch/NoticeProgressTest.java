package com.evhotline.dispatch;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A station reports what its crew did on a notice: on the way, arrived, fixed, needs parts. The report is on the
 * notice and in the ticket's history; reporting work on a notice not yet acknowledged acknowledges it; another
 * station's manager can neither report nor read; a report that says nothing known is refused and writes nothing.
 */
@QuarkusTest
class NoticeProgressTest {

    private static long station(String name) {
        return Api.asAdmin().body(Map.of("code", "NP" + System.nanoTime() % 1_000_000_000L, "name", name))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aStationReportsItsCrewsProgressAndTheTicketShowsIt() {
        long station = station("无锡东");
        String manager = Api.user(Map.of("stationId", station), "station");
        String stranger = Api.user(Map.of("stationId", station("常州西")), "station");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "上门检查充电桩"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");

        as(manager).body(Map.of("kind", "ON_THE_WAY", "note", "  两人一车  ")).post("/api/notices/" + notice + "/reports")
                .then().statusCode(201).body("kind", equalTo("ON_THE_WAY")).body("note", equalTo("两人一车"))
                .body("reportedBy", equalTo(manager));
        as(manager).get("/api/notices/" + notice).then().statusCode(200).body("state", equalTo("ACKNOWLEDGED"));
        as(manager).body(Map.of("kind", "NEEDS_PARTS", "note", "缺少充电模块")).post("/api/notices/" + notice + "/reports")
                .then().statusCode(201);
        as(manager).get("/api/notices/" + notice + "/reports").then().statusCode(200)
                .body("kind", equalTo(java.util.List.of("ON_THE_WAY", "NEEDS_PARTS")));
        assertEquals(2, Api.queryLong("SELECT count(*) FROM ticket_event WHERE type = 'NOTICE_PROGRESS' AND ticket_id = "
                + ticket), "the ticket's history has both");

        as(stranger).body(Map.of("kind", "FIXED")).post("/api/notices/" + notice + "/reports").then().statusCode(403);
        as(stranger).get("/api/notices/" + notice + "/reports").then().statusCode(403);
        as(manager).body(Map.of("kind", "TEA_BREAK")).post("/api/notices/" + notice + "/reports").then().statusCode(400)
                .body("detail", containsString("kind"));
        as(manager).body(Map.of("note", "no kind")).post("/api/notices/" + notice + "/reports").then().statusCode(400);
        as(manager).body(Map.of("kind", "FIXED")).post("/api/notices/999999999/reports").then().statusCode(404);
        assertEquals(2, Api.queryLong("SELECT count(*) FROM notice_report WHERE notice_id = " + notice), "nothing more written");
    }
}
