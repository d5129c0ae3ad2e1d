package com.evhotline.staff;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * People and stations change: a new mobile, other roles, a leaver who leaves every on-duty chain at once; a
 * station's manager, phone and address. A change that would break a rule is refused whole. Shifts in 2042,
 * where no other test places them.
 */
@QuarkusTest
class DirectoryChangesTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aPersonsMobileAndRolesChangeAndWhatWouldBreakARuleIsRefusedWhole() {
        long id = Api.staffId(Api.user("agent"));

        Api.asAdmin().body(Map.of("mobile", "138 0013 8000", "roles", List.of("agent", "duty")))
                .patch("/api/staff/" + id).then().statusCode(200)
                .body("mobile", equalTo("+8613800138000")).body("roles", contains("agent", "duty"));

        String before = Api.queryString("SELECT mobile || '|' || coalesce(email, '-') FROM staff WHERE id = " + id);
        Api.asAdmin().body(Map.of("mobile", "010 6234 5678", "email", "new@example.test"))
                .patch("/api/staff/" + id).then().statusCode(400)
                .body("detail", containsString("mobile: expected a mobile number that takes SMS"));
        Api.asAdmin().body(Map.of("mobile", "")).patch("/api/staff/" + id).then().statusCode(400)
                .body("detail", containsString("required for the roles duty and leader"));
        Api.asAdmin().body(Map.of("roles", List.of("janitor"))).patch("/api/staff/" + id).then().statusCode(400);
        assertEquals(before, Api.queryString("SELECT mobile || '|' || coalesce(email, '-') FROM staff WHERE id = "
                + id), "nothing written");
        assertEquals("agent,duty", Api.queryString("SELECT string_agg(role, ',' ORDER BY role) FROM staff_role"
                + " WHERE staff_id = " + id));

        Api.asAdmin().body(Map.of("active", true)).patch("/api/staff/999999999").then().statusCode(404);
        as(Api.user("supervisor")).body(Map.of("active", false)).patch("/api/staff/" + id).then().statusCode(403);
    }

    @Test
    void aLeaverLeavesTheOnDutyChainAtOnce() {
        String supervisor = Api.user("supervisor");
        long first = Api.staffId(Api.user("duty"));
        long second = Api.staffId(Api.user("duty"));
        for (Object[] s : List.of(new Object[] {first, 1}, new Object[] {second, 2})) {
            as(supervisor).body(Map.of("staffId", s[0], "start", "2042-03-02T17:30:00+08:00", "end",
                    "2042-03-03T08:30:00+08:00", "position", s[1])).post("/api/roster/shifts").then().statusCode(201);
        }
        String at = "2042-03-02T20:00:00+08:00";
        as(supervisor).queryParam("at", at).get("/api/roster/on-duty").then()
                .body("staffId", hasItem((int) first)).body("staffId", hasItem((int) second));

        Api.asAdmin().body(Map.of("active", false)).patch("/api/staff/" + first).then().statusCode(200)
                .body("active", equalTo(false));

        as(supervisor).queryParam("at", at).get("/api/roster/on-duty").then()
                .body("staffId", not(hasItem((int) first))).body("staffId", hasItem((int) second));
        // the shift still naming the leaver is flagged for the supervisor to replace; the other is not
        as(supervisor).queryParam("from", "2042-03-02T00:00:00+08:00").queryParam("to", "2042-03-04T00:00:00+08:00")
                .get("/api/roster/shifts").then().statusCode(200)
                .body("find { it.staffId == " + first + " }.flag", org.hamcrest.Matchers.startsWith("LEAVER"))
                .body("find { it.staffId == " + second + " }.flag", org.hamcrest.Matchers.nullValue());
        Await.until("the routing script no longer rings the leaver", BOUND, () -> {
            JsonPath preview = as(supervisor).queryParam("at", at).get("/api/routing").then().statusCode(200)
                    .extract().jsonPath();
            return !preview.getList("forward.staffId").contains((int) first);
        });
    }

    @Test
    void aStationsManagerPhoneAndAddressChange() {
        long manager = Api.staffId(Api.user(Map.of("region", "East"), "regional"));
        long station = Api.asAdmin().body(Map.of("code", "DC" + System.nanoTime() % 1_000_000_000L, "name", "Depot"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");

        Api.asAdmin().body(Map.of("managerStaffId", manager, "phone", "021 6234 5678", "address", "88 Century Ave"))
                .patch("/api/stations/" + station).then().statusCode(200)
                .body("managerStaffId", equalTo((int) manager)).body("phone", equalTo("+862162345678"))
                .body("address", equalTo("88 Century Ave")).body("active", equalTo(true));
        Api.asAdmin().body(Map.of("managerStaffId", 999999999)).patch("/api/stations/" + station).then()
                .statusCode(400).body("detail", containsString("managerStaffId"));
        Api.asAdmin().body(Map.of("active", false)).patch("/api/stations/" + station).then().statusCode(200)
                .body("active", equalTo(false));
        as(Api.user("agent")).get("/api/stations").then().body("find { it.id == " + station + " }.active",
                equalTo(false));
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", com.evhotline.support.Numbers.national(), "category",
                "COMPLAINT")).post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "to a closed station"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(400)
                .body("detail", containsString("is closed"));
        Api.asAdmin().body(Map.of("name", "x")).patch("/api/stations/999999999").then().statusCode(404);
    }
}
