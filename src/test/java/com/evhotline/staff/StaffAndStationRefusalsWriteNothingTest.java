package com.evhotline.staff;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.evhotline.support.Api;
import com.evhotline.support.Tables;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A refused person or station leaves no staff, login, role or station behind. */
@QuarkusTest
class StaffAndStationRefusalsWriteNothingTest {

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.log().ifValidationFails().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    @Test
    void shouldWriteNoStaffLoginOrRoleWhenAPersonIsRefused() {
        String agent = Api.user("agent");
        String supervisor = Api.user("supervisor");
        String taken = Api.user("duty");
        var before = Tables.counts();
        problem(as(agent).body(Map.of("name", "X", "roles", List.of("agent"), "username", "x" + System.nanoTime() % 100000,
                "password", "long-enough-1")).post("/api/staff").then(), 403);
        problem(as(supervisor).body(Map.of("name", "X", "roles", List.of("agent"))).post("/api/staff").then(), 403);
        problem(asAdmin().body(Map.of("name", "X", "roles", List.of("agent", "janitor"), "username",
                "j" + System.nanoTime() % 100000, "password", "long-enough-1")).post("/api/staff").then(), 400)
                .body("detail", containsString("'janitor' is not a role"));
        problem(asAdmin().body(Map.of("name", "X", "roles", List.of("regional"), "mobile", "13900000000"))
                .post("/api/staff").then(), 400)
                .body("detail", containsString("region"));
        problem(asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "username", "ok-name", "password", "short"))
                .post("/api/staff").then(), 400)
                .body("detail", containsString("password"));
        problem(asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "mobile", "not a phone"))
                .post("/api/staff").then(), 400)
                .body("detail", containsString("mobile"));
        // the username is checked after the password is hashed, inside the transaction that would write the person
        problem(asAdmin().body(Map.of("name", "Second " + taken, "roles", List.of("agent", "duty"), "mobile", "13900000001",
                "username", taken, "password", "long-enough-1")).post("/api/staff").then(), 409)
                .body("detail", containsString("'" + taken + "' is taken"));
        Tables.assertNothingWrittenSince(before);
    }

    @Test
    void shouldWriteNoStationWhenAStationIsRefused() {
        String code = "RS" + System.nanoTime() % 10000000;
        asAdmin().body(Map.of("code", code, "name", "First")).post("/api/stations").then().statusCode(201);
        String agent = Api.user("agent");
        var before = Tables.counts();
        problem(asAdmin().body(Map.of("code", code, "name", "Second")).post("/api/stations").then(), 409)
                .body("detail", containsString(code));
        problem(asAdmin().body(Map.of("code", "has space", "name", "Bad")).post("/api/stations").then(), 400)
                .body("detail", containsString("code"));
        problem(asAdmin().body(Map.of("code", "OK" + System.nanoTime() % 100000, "name", "  ")).post("/api/stations").then(), 400)
                .body("detail", containsString("name"));
        problem(asAdmin().body(Map.of("code", "OK" + System.nanoTime() % 100000, "name", "No such manager",
                "managerStaffId", 987654321)).post("/api/stations").then(), 400)
                .body("detail", containsString("managerStaffId"));
        problem(asAdmin().body(Map.of("code", "OK" + System.nanoTime() % 100000, "name", "Bad phone", "phone", "nope"))
                .post("/api/stations").then(), 400)
                .body("detail", containsString("phone"));
        problem(as(agent).body(Map.of("code", "OK" + System.nanoTime() % 100000, "name", "Not mine to make"))
                .post("/api/stations").then(), 403);
        Tables.assertNothingWrittenSince(before);
    }
}
