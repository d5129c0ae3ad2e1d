package com.evhotline.security;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every /api call needs a user; roles decide what they may do and see. */
@QuarkusTest
class AccessTest {

    @Test
    void shouldAnswer401WithAChallengeWithoutCredentials() {
        given().get("/api/tickets").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json");
        for (String path : java.util.List.of("/api/tickets/1", "/api/staff", "/api/stations", "/api/notices",
                "/api/calendar/shift", "/api/calendar/days", "/api/tickets/1/events")) {
            given().get(path).then().statusCode(401);
        }
    }

    @Test
    void shouldAnswer401ForAWrongPassword() {
        given().auth().preemptive().basic("admin", "wrong").get("/api/tickets").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().preemptive().basic("nobody", "wrong-pw").get("/api/tickets").then().statusCode(401);
    }

    @Test
    void shouldLetOnlyAnAdministratorCreateStaffAndStations() {
        String agent = Api.user("agent");
        as(agent).body(Map.of("name", "X", "roles", java.util.List.of("agent"))).post("/api/staff").then().statusCode(403)
                .contentType("application/problem+json");
        as(agent).body(Map.of("code", "S1", "name", "X")).post("/api/stations").then().statusCode(403);
    }

    @Test
    void shouldNotLetAStationManagerOpenTicketsOrReadOtherStationsTickets() {
        long mine = asAdmin().body(Map.of("code", "M" + System.nanoTime(), "name", "Mine", "region", "R1"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long other = asAdmin().body(Map.of("code", "O" + System.nanoTime(), "name", "Other", "region", "R2"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        String manager = Api.user(Map.of("stationId", mine), "station");
        String agent = Api.user("agent");
        long toMine = ticketSentTo(agent, mine);
        long toOther = ticketSentTo(agent, other);

        as(manager).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets").then().statusCode(403);
        as(manager).get("/api/tickets/" + toMine).then().statusCode(200);
        as(manager).get("/api/tickets/" + toOther).then().statusCode(403)
                .body("detail", containsString("not sent to your station"));
        as(manager).get("/api/tickets").then().statusCode(200)
                .body("items.id", everyItem(equalTo((int) toMine)))
                .body("items", hasSize(1));
        long otherNotice = Api.queryLong("SELECT id FROM dispatch_notice WHERE ticket_id = " + toOther);
        as(manager).post("/api/notices/" + otherNotice + "/ack").then().statusCode(403);
        as(manager).get("/api/notices").then().body("ticketId", everyItem(equalTo((int) toMine)));
    }

    private static long ticketSentTo(String agent, long station) {
        long id = as(agent).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "inspect the charging port"))
                .post("/api/tickets/" + id + "/dispatches").then().statusCode(201);
        return id;
    }
}
