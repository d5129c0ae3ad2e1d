package com.evhotline.roster;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** People taking turns at a fixed hand-over time; a one-off override wins over the rotation. */
@QuarkusTest
class RotationTest {

    @Test
    void shouldHandOverDailyAt1730AndLetAnOverrideWin() {
        String supervisor = Api.user("supervisor");
        long a = Api.staffId(Api.user("duty"));
        long b = Api.staffId(Api.user("duty"));
        long sick = Api.staffId(Api.user("duty"));
        String location = as(supervisor).body(Map.of("name", "night line " + System.nanoTime(), "position", 7,
                        "handover", "17:30", "startDate", "2032-01-05", "staffIds", List.of(a, b)))
                .post("/api/roster/rotations").then().statusCode(201).extract().header("Location");
        as(supervisor).get(java.net.URI.create(location).getPath()).then().statusCode(200)
                .body("members", contains((int) a, (int) b));
        as(supervisor).get("/api/roster/rotations/99999999").then().statusCode(404);
        onDutyAt7(supervisor, "2032-01-05T17:29:59+08:00").body("staffId", org.hamcrest.Matchers.empty());
        onDutyAt7(supervisor, "2032-01-05T17:30:00+08:00").body("staffId", contains((int) a));
        onDutyAt7(supervisor, "2032-01-06T08:00:00+08:00").body("staffId", contains((int) a));
        onDutyAt7(supervisor, "2032-01-06T17:30:00+08:00").body("staffId", contains((int) b));
        onDutyAt7(supervisor, "2032-01-07T18:00:00+08:00").body("staffId", contains((int) a));
        as(supervisor).body(Map.of("staffId", sick, "start", "2032-01-07T17:30:00+08:00", "end", "2032-01-08T08:30:00+08:00",
                "position", 7, "override", true, "note", "swap: a is ill")).post("/api/roster/shifts").then().statusCode(201);
        onDutyAt7(supervisor, "2032-01-07T18:00:00+08:00").body("staffId", contains((int) sick));
    }

    @Test
    void shouldRefuseARotationWithSomeoneWhoCannotBeRung() {
        String supervisor = Api.user("supervisor");
        long before = Api.queryLong("SELECT count(*) FROM roster_rotation");
        as(supervisor).body(Map.of("name", "x", "position", 8, "handover", "17:30", "startDate", "2032-02-01",
                "staffIds", List.of(99999999))).post("/api/roster/rotations").then().statusCode(400)
                .body("detail", containsString("[99999999]"));
        long regional = Api.staffId(Api.user(Map.of("region", "Anhui"), "regional"));
        long duty = Api.staffId(Api.user("duty"));
        as(supervisor).body(Map.of("name", "x", "position", 8, "handover", "17:30", "startDate", "2032-02-01",
                "staffIds", List.of(duty, regional))).post("/api/roster/rotations").then().statusCode(400)
                .body("detail", containsString("[" + regional + "]"))
                .body("detail", containsString("one of the roles [duty, supervisor, leader, agent]"));
        as(supervisor).body(Map.of("name", "x", "position", 8, "handover", "25:00", "startDate", "2032-02-01",
                "staffIds", List.of(1))).post("/api/roster/rotations").then().statusCode(400)
                .body("detail", containsString("handover"));
        assertEquals(before, Api.queryLong("SELECT count(*) FROM roster_rotation"));
    }

    @Test
    void shouldFollowLocalWallTimeAcrossDaylightSaving() {
        Rotation r = new Rotation(1, "berlin", 1, LocalTime.of(8, 0), 1, LocalDate.of(2032, 3, 27), List.of(10L, 20L), null);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(Optional.of(10L), r.memberAt(Instant.parse("2032-03-28T05:59:00Z"), berlin), "07:59 CEST: still day one");
        assertEquals(Optional.of(20L), r.memberAt(Instant.parse("2032-03-28T06:00:00Z"), berlin), "08:00 CEST: day two");
        assertEquals(Optional.empty(), r.memberAt(Instant.parse("2032-03-27T06:59:00Z"), berlin), "before its start");
    }

    @jakarta.inject.Inject
    com.evhotline.support.TestClock clock;

    @Test
    void shouldEndARotationFromNowOnAndKeepItsPastTurns() {
        String supervisor = Api.user("supervisor");
        long a = Api.staffId(Api.user("duty"));
        long id = as(supervisor).body(Map.of("name", "weekend line " + System.nanoTime(), "position", 9, "handover",
                        "08:00", "startDate", "2032-08-01", "staffIds", List.of(a)))
                .post("/api/roster/rotations").then().statusCode(201).extract().jsonPath().getLong("id");
        clock.set("2032-08-10T12:00:00+08:00");
        String end = "/api/roster/rotations/" + id + "/end";

        as(Api.user("agent")).body(Map.of("reason", "x")).post(end).then().statusCode(403);
        as(supervisor).body(Map.of("reason", "")).post(end).then().statusCode(400).body("detail", containsString("reason"));
        as(supervisor).body(Map.of("reason", "the weekend line is staffed by the queue now")).post(end).then()
                .statusCode(200).body("endedAt", org.hamcrest.Matchers.notNullValue());

        onDutyAt(supervisor, "2032-08-10T13:00:00+08:00", 9).body("staffId", org.hamcrest.Matchers.empty());
        onDutyAt(supervisor, "2032-08-09T13:00:00+08:00", 9).body("staffId", contains((int) a));
        as(supervisor).body(Map.of("reason", "again")).post(end).then().statusCode(409)
                .body("detail", containsString("ended already"));
        as(supervisor).body(Map.of("reason", "x")).post("/api/roster/rotations/99999999/end").then().statusCode(404);
        assertEquals(supervisor + "|the weekend line is staffed by the queue now", Api.queryString(
                "SELECT ended_by || '|' || ended_reason FROM roster_rotation WHERE id = " + id));
    }

    private static io.restassured.response.ValidatableResponse onDutyAt(String user, String at, int position) {
        return as(user).queryParam("at", at).get("/api/roster/on-duty").then().statusCode(200)
                .rootPath("findAll { it.position == " + position + " }");
    }

    private static io.restassured.response.ValidatableResponse onDutyAt7(String user, String at) {
        return as(user).queryParam("at", at).get("/api/roster/on-duty").then().statusCode(200)
                .rootPath("findAll { it.position == 7 }");
    }
}
