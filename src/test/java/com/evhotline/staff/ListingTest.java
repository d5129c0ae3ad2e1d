package com.evhotline.staff;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading back the lists: staff, stations, and notices filtered by ticket. */
@QuarkusTest
class ListingTest {

    @Test
    void shouldListAPersonJustCreatedWithTheirRolesToAdminsAndSupervisors() {
        String username = Api.user(Map.of("region", "Jiangsu"), "regional", "duty");
        long id = Api.staffId(username);
        String path = "find { it.id == " + id + " }";
        asAdmin().get("/api/staff").then().statusCode(200)
                .body("id", hasItem((int) id))
                .body(path + ".username", equalTo(username))
                .body(path + ".roles", containsInAnyOrder("regional", "duty"))
                .body(path + ".region", equalTo("Jiangsu"))
                .body(path + ".active", equalTo(true));
        as(Api.user("supervisor")).get("/api/staff").then().statusCode(200).body("id", hasItem((int) id));
        as(Api.user("agent")).get("/api/staff").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void shouldListAStationJustCreated() {
        String code = "LS" + System.nanoTime() % 10000000;
        long id = asAdmin().body(Map.of("code", code, "name", "Nanjing East", "region", "Jiangsu", "phone", "025 8888 0000"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        as(Api.user("agent")).get("/api/stations").then().statusCode(200)
                .body("code", hasItem(code))
                .body("find { it.code == '" + code + "' }.id", equalTo((int) id))
                .body("find { it.code == '" + code + "' }.name", equalTo("Nanjing East"))
                .body("find { it.code == '" + code + "' }.phone", equalTo("+862588880000"));
    }

    @Test
    void shouldFilterNoticesByTicket() {
        String agent = Api.user("agent");
        long station = asAdmin().body(Map.of("code", "LN" + System.nanoTime() % 10000000, "name", "Wuxi"))
                .post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
        long first = ticket(agent);
        long second = ticket(agent);
        long n1 = dispatch(agent, first, station, "inspect the battery pack");
        long n2 = dispatch(agent, first, station, "bring a spare charger");
        dispatch(agent, second, station, "not this one");
        as(agent).queryParam("ticketId", first).get("/api/notices").then().statusCode(200)
                .body("id", contains((int) n2, (int) n1))
                .body("ticketId", everyItem(equalTo((int) first)));
        as(agent).queryParam("ticketId", 987654321).get("/api/notices").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void shouldRefuseANonNumericTicketFilterWithAProblem() {
        as(Api.user("agent")).queryParam("ticketId", "abc").get("/api/notices").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("ticketId: expected a numeric id, got 'abc'"));
    }

    private static long ticket(String agent) {
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static long dispatch(String agent, long ticket, long station, String instruction) {
        return as(agent).body(Map.of("stationId", station, "instruction", instruction))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
