package com.evhotline.security;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.Tables;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A blank region is no region: it cannot make two stations, or a station and a manager, see each other's work. */
@QuarkusTest
class StationVisibilityTest {

    static long stationWithBlankRegion(String name) {
        return asAdmin().body(Map.of("code", "BR" + System.nanoTime() % 10000000, "name", name, "region", ""))
                .post("/api/stations").then().statusCode(201)
                .body("region", nullValue())
                .extract().jsonPath().getLong("id");
    }

    @Test
    void shouldStoreABlankRegionAsNoRegion() {
        long id = stationWithBlankRegion("Blank region");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM station WHERE id = " + id + " AND region IS NULL"));
        as(Api.user("agent")).get("/api/stations/" + id).then().statusCode(200).body("region", nullValue());
        long spaces = asAdmin().body(Map.of("code", "SP" + System.nanoTime() % 10000000, "name", "Spaces", "region", "   "))
                .post("/api/stations").then().statusCode(201).body("region", nullValue())
                .extract().jsonPath().getLong("id");
        assertEquals(1, Api.queryLong("SELECT count(*) FROM station WHERE id = " + spaces + " AND region IS NULL"));
    }

    @Test
    void shouldNotLetAManagerOfOneBlankRegionStationSeeAnothersTickets() {
        long first = stationWithBlankRegion("First blank");
        long second = stationWithBlankRegion("Second blank");
        String firstManager = Api.user(Map.of("stationId", first, "region", ""), "station");
        String secondManager = Api.user(Map.of("stationId", second, "region", ""), "station");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "RESCUE")).post("/api/tickets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", first, "instruction", "tow the car to the first station",
                "distanceBand", "URBAN"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201).extract().jsonPath().getLong("id");

        as(firstManager).get("/api/tickets/" + ticket).then().statusCode(200);
        as(firstManager).get("/api/notices").then().statusCode(200).body("id", hasItem((int) notice));

        as(secondManager).get("/api/tickets/" + ticket).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("not sent to your station"));
        as(secondManager).get("/api/tickets/" + ticket + "/events").then().statusCode(403);
        as(secondManager).get("/api/tickets").then().statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
        as(secondManager).get("/api/notices").then().statusCode(200).body("id", not(hasItem((int) notice)));
        as(secondManager).queryParam("ticketId", ticket).get("/api/notices").then().statusCode(200).body("$", hasSize(0));
        var before = Tables.counts();
        as(secondManager).post("/api/notices/" + notice + "/ack").then().statusCode(403)
                .contentType("application/problem+json");
        Tables.assertNothingWrittenSince(before);
        assertEquals("ISSUED", Api.queryString("SELECT state FROM dispatch_notice WHERE id = " + notice));
    }

    @Test
    void shouldRefuseARegionalManagerWithABlankRegion() {
        var before = Tables.counts();
        asAdmin().body(Map.of("name", "Nobody's regional", "roles", List.of("regional"), "region", " ",
                        "username", "rg" + System.nanoTime() % 100000, "password", "long-enough-1"))
                .post("/api/staff").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("region: required for a regional manager"));
        Tables.assertNothingWrittenSince(before);
    }
}
