package com.evhotline.staff;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StaffResourceTest {

    @Test
    void shouldCreateAnOnDutyPersonWithALoginAndHashThePassword() {
        String username = "duty" + System.nanoTime() % 1000000;
        long id = asAdmin().body(Map.of("name", "李值班", "mobile", "139 0000 1111", "email", "li@example.com",
                        "roles", List.of("duty", "agent"), "username", username, "password", "night-shift-1"))
                .post("/api/staff").then().statusCode(201)
                .header("Location", containsString("/api/staff/"))
                .body("mobile", equalTo("+8613900001111"))
                .body("roles", contains("duty", "agent"))
                .body("$", not(hasKey("password")))
                .extract().jsonPath().getLong("id");
        String hash = Api.queryString("SELECT password_hash FROM app_user WHERE staff_id = " + id);
        assertTrue(hash.startsWith("$2"), "bcrypt hash stored, not the password");
        io.restassured.RestAssured.given().auth().preemptive().basic(username, "night-shift-1").get("/api/tickets")
                .then().statusCode(200);
        asAdmin().get("/api/staff/" + id).then().statusCode(200).body("username", equalTo(username));
    }

    @Test
    void shouldRefuseBadStaffSayingWhatToFixAndWriteNothing() {
        long before = Api.queryLong("SELECT count(*) FROM staff");
        asAdmin().body(Map.of("name", "X", "roles", List.of("janitor"))).post("/api/staff").then().statusCode(400)
                .body("detail", containsString("'janitor' is not a role"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("duty"))).post("/api/staff").then().statusCode(400)
                .body("detail", containsString("mobile"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("station"))).post("/api/staff").then().statusCode(400)
                .body("detail", containsString("stationId"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "stationId", 999999)).post("/api/staff")
                .then().statusCode(400).body("detail", containsString("no station with id 999999"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "username", "someone")).post("/api/staff")
                .then().statusCode(400).body("detail", containsString("username and password"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "email", "not-an-email")).post("/api/staff")
                .then().statusCode(400).body("detail", containsString("email"));
        asAdmin().body(Map.of("name", "", "roles", List.of("agent"))).post("/api/staff")
                .then().statusCode(400).body("detail", containsString("name"));
        asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "username", "admin", "password", "long-enough"))
                .post("/api/staff").then().statusCode(409).body("detail", containsString("'admin' is taken"));
        assertEquals(before, Api.queryLong("SELECT count(*) FROM staff"));
        asAdmin().get("/api/staff/99999999").then().statusCode(404);
    }

    @Test
    void shouldRefuseADuplicateStationCode() {
        String code = "DUP" + System.nanoTime() % 100000;
        asAdmin().body(Map.of("code", code, "name", "One")).post("/api/stations").then().statusCode(201);
        asAdmin().body(Map.of("code", code, "name", "Two")).post("/api/stations").then().statusCode(409)
                .body("detail", containsString(code));
        asAdmin().body(Map.of("code", "bad code!", "name", "Two")).post("/api/stations").then().statusCode(400)
                .body("detail", containsString("code"));
        as(Api.user("agent")).get("/api/stations/99999999").then().statusCode(404);
    }
}
