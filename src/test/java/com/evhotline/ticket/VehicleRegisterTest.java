package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.deadline.engine.DeadlineEngine;
import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service vehicle register and a rescue's arrival deadline: a station records each vehicle it sends,
 * its arrival meets the ARRIVAL deadline of the distance band, and a late rescue tells the station that
 * sent it, not another. Tickets in 2044, where no other test runs the clock.
 */
@QuarkusTest
class VehicleRegisterTest {

    @Inject
    TestClock clock;

    @Inject
    DeadlineEngine engine;

    private record Rescue(long ticket, long station, String stationUser, String agent) {
    }

    private void fireDue() {
        engine.engine().runDue().await().atMost(Duration.ofSeconds(30));
    }

    private static long station(String region) {
        return Api.asAdmin().body(Map.of("code", "VT" + System.nanoTime() % 1_000_000_000L, "name", "Vehicles",
                "region", region)).post("/api/stations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A RESCUE ticket received at {@code at}, its notice sent to a new station with that distance band. */
    private Rescue rescue(OffsetDateTime at, String band) {
        clock.set(at.toString());
        long station = station("Rescue-" + System.nanoTime());
        String stationUser = Api.user(Map.of("stationId", station), "station");
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "RESCUE"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "Tow truck to km 88", "distanceBand", band))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201);
        return new Rescue(ticket, station, stationUser, agent);
    }

    private static Map<String, Object> trip(OffsetDateTime departed) {
        Map<String, Object> body = new HashMap<>();
        body.put("plate", "粤B·D1234 5");
        body.put("crew", List.of("Wang Wei", "Li Na"));
        body.put("departedAt", departed.toString());
        return body;
    }

    @Test
    void aStationRegistersItsVehicleAndItsArrivalMeetsTheRescueTime() {
        OffsetDateTime received = OffsetDateTime.parse("2044-03-02T10:00:00+08:00");
        Rescue r = rescue(received, "COUNTY");
        as(r.agent()).get("/api/tickets/" + r.ticket()).then().statusCode(200)
                .body("distanceBand", equalTo("COUNTY"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.dueAt", equalTo("2044-03-02T13:00:00+08:00"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("PENDING"));

        clock.set(received.plusMinutes(20).toString());
        long trip = as(r.stationUser()).body(trip(received.plusMinutes(15)))
                .post("/api/tickets/" + r.ticket() + "/vehicle-trips").then().statusCode(201)
                .header("Location", containsString("/api/tickets/" + r.ticket() + "/vehicle-trips/"))
                .body("plate", equalTo("粤BD12345"))
                .body("stationId", equalTo((int) r.station()))
                .body("crew", equalTo(List.of("Wang Wei", "Li Na")))
                .body("arrivedAt", nullValue())
                .extract().jsonPath().getLong("id");

        clock.set(received.plusMinutes(170).toString());
        as(r.stationUser()).body(Map.of("arrivedAt", received.plusMinutes(165).toString()))
                .patch("/api/tickets/" + r.ticket() + "/vehicle-trips/" + trip).then().statusCode(200)
                .body("arrivedAt", equalTo("2044-03-02T12:45:00+08:00"));
        clock.set(received.plusHours(5).toString());
        as(r.stationUser()).body(Map.of("returnedAt", received.plusHours(4).toString()))
                .patch("/api/tickets/" + r.ticket() + "/vehicle-trips/" + trip).then().statusCode(200);

        as(r.agent()).get("/api/tickets/" + r.ticket()).then().statusCode(200)
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.metAt", equalTo("2044-03-02T12:45:00+08:00"))
                .body("vehicleTrips[0].plate", equalTo("粤BD12345"))
                .body("vehicleTrips[0].returnedAt", equalTo("2044-03-02T14:00:00+08:00"));
        as(r.agent()).get("/api/tickets/" + r.ticket() + "/events").then().statusCode(200)
                .body("type", hasItems("DISTANCE_BAND_SET", "VEHICLE_DEPARTED", "VEHICLE_ARRIVED", "VEHICLE_RETURNED",
                        "DEADLINE_MET"));
        as(r.stationUser()).get("/api/tickets/" + r.ticket() + "/vehicle-trips").then().statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void aLateRescueTellsTheStationThatSentTheVehicleAndNotAnother() {
        OffsetDateTime received = OffsetDateTime.parse("2044-04-02T10:00:00+08:00");
        Rescue r = rescue(received, "REGION");
        long otherStation = station("Elsewhere-" + System.nanoTime());
        long other = Api.staffId(Api.user(Map.of("stationId", otherStation), "station"));
        long mine = Api.staffId(r.stationUser());
        fireDue();

        clock.set(received.plusHours(2).plusSeconds(1).toString());
        fireDue();
        String breachTold = "SELECT count(*) FROM notification n JOIN deadline d ON d.id = n.deadline_id WHERE"
                + " d.kind = 'ARRIVAL' AND n.kind = 'DEADLINE_BREACHED' AND n.channel = 'WEB' AND n.recipient_staff_id = ";
        assertEquals(1, Api.queryLong(breachTold + mine), "the station that sent the vehicle");
        assertEquals(0, Api.queryLong(breachTold + other), "another station's manager is not told");
        as(r.agent()).get("/api/tickets/" + r.ticket()).then()
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("BREACHED"));
        // replied and acknowledged: only the vehicle's arrival is still owed, and it holds the ticket open
        as(r.agent()).body(Map.of("channel", "PHONE", "text", "a truck is on its way"))
                .post("/api/tickets/" + r.ticket() + "/replies").then().statusCode(201);
        long notice = as(r.stationUser()).get("/api/notices").then().extract().jsonPath()
                .getLong("find { it.ticketId == " + r.ticket() + " }.id");
        as(r.stationUser()).post("/api/notices/" + notice + "/ack").then().statusCode(200);
        as(r.agent()).body(Map.of("resolution", "towed")).post("/api/tickets/" + r.ticket() + "/resolve")
                .then().statusCode(409).body("detail", containsString("ARRIVAL"));

        // a late vehicle registered first, then one that arrived in time: the earliest arrival counts, and the
        // breach told was the register lagging
        clock.set(received.plusHours(3).toString());
        Map<String, Object> late = trip(received.plusMinutes(20));
        late.put("plate", "粤B54321");
        late.put("arrivedAt", received.plusMinutes(150).toString());
        as(r.stationUser()).body(late).post("/api/tickets/" + r.ticket() + "/vehicle-trips").then().statusCode(201);
        as(r.agent()).get("/api/tickets/" + r.ticket()).then()
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("BREACHED"));
        Map<String, Object> body = trip(received.plusMinutes(30));
        body.put("arrivedAt", received.plusMinutes(110).toString());
        as(r.stationUser()).body(body).post("/api/tickets/" + r.ticket() + "/vehicle-trips").then().statusCode(201);
        as(r.agent()).get("/api/tickets/" + r.ticket()).then()
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.metAt", equalTo("2044-04-02T11:50:00+08:00"));
        as(r.agent()).get("/api/tickets/" + r.ticket() + "/events").then()
                .body("find { it.type == 'DEADLINE_MET' && it.detail.kind == 'ARRIVAL' }.detail.afterBreach", equalTo(true))
                .body("find { it.type == 'DEADLINE_MET' && it.detail.kind == 'ARRIVAL' }.at",
                        equalTo("2044-04-02T13:00:00+08:00"));
        as(r.agent()).body(Map.of("resolution", "towed")).post("/api/tickets/" + r.ticket() + "/resolve")
                .then().statusCode(200);
    }

    @Test
    void aVehicleThatArrivedBeforeTheTicketBecameARescueMeetsItsArrival() {
        OffsetDateTime received = OffsetDateTime.parse("2044-08-02T10:00:00+08:00");
        clock.set(received.toString());
        long station = station("Late-" + System.nanoTime());
        String agent = Api.user("agent");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "GENERAL_QUALITY"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "Look at the car"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201);
        clock.set(received.plusHours(1).toString());
        Map<String, Object> body = trip(received.plusMinutes(10));
        body.put("arrivedAt", received.plusMinutes(50).toString());
        as(agent).body(body).post("/api/tickets/" + ticket + "/vehicle-trips").then().statusCode(201);

        as(Api.user("supervisor")).body(Map.of("category", "RESCUE", "reason", "it has to be towed after all"))
                .patch("/api/tickets/" + ticket).then().statusCode(200);
        as(agent).body(Map.of("stationId", station, "instruction", "Tow it", "distanceBand", "URBAN"))
                .post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201);
        as(agent).get("/api/tickets/" + ticket).then()
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("MET"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.metAt", equalTo("2044-08-02T10:50:00+08:00"));
    }

    @Test
    void anArrivalAfterTheRescueTimeStaysBreachedWithItsInstant() {
        OffsetDateTime received = OffsetDateTime.parse("2044-05-02T22:00:00+08:00");
        Rescue r = rescue(received, "URBAN");
        clock.set(received.plusHours(5).toString());
        Map<String, Object> body = trip(received.plusMinutes(40));
        body.put("arrivedAt", received.plusHours(4).plusMinutes(30).toString());
        as(r.agent()).body(body).post("/api/tickets/" + r.ticket() + "/vehicle-trips").then().statusCode(201)
                .body("stationId", equalTo((int) r.station()));
        as(r.agent()).get("/api/tickets/" + r.ticket()).then()
                .body("deadlines.find { it.kind == 'ARRIVAL' }.state", equalTo("BREACHED"))
                .body("deadlines.find { it.kind == 'ARRIVAL' }.metAt", equalTo("2044-05-03T02:30:00+08:00"));
    }

    @Test
    void aRescueNoticeNeedsItsDistanceBandAndOnlyARescueHasOne() {
        clock.set("2044-06-02T10:00:00+08:00");
        long station = station("Band-" + System.nanoTime());
        String agent = Api.user("agent");
        long rescue = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "RESCUE"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "Tow"))
                .post("/api/tickets/" + rescue + "/dispatches").then().statusCode(400)
                .body("detail", containsString("distanceBand"));
        as(agent).body(Map.of("stationId", station, "instruction", "Tow", "distanceBand", "NEAR"))
                .post("/api/tickets/" + rescue + "/dispatches").then().statusCode(400);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM dispatch_notice WHERE ticket_id = " + rescue), "nothing written");
        as(agent).body(Map.of("stationId", station, "instruction", "Tow", "distanceBand", "URBAN"))
                .post("/api/tickets/" + rescue + "/dispatches").then().statusCode(201);
        as(agent).body(Map.of("stationId", station, "instruction", "Second truck", "distanceBand", "PROVINCE"))
                .post("/api/tickets/" + rescue + "/dispatches").then().statusCode(409)
                .body("detail", containsString("URBAN"));
        as(agent).body(Map.of("stationId", station, "instruction", "Second truck"))
                .post("/api/tickets/" + rescue + "/dispatches").then().statusCode(201);

        long general = as(agent).body(Map.of("callerNumber", Numbers.national()))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(agent).body(Map.of("stationId", station, "instruction", "Look at it", "distanceBand", "URBAN"))
                .post("/api/tickets/" + general + "/dispatches").then().statusCode(400)
                .body("detail", containsString("RESCUE"));

        // no longer a rescue: the arrival is owed no more
        as(Api.user("supervisor")).body(Map.of("category", "GENERAL_QUALITY", "reason", "the car restarted"))
                .patch("/api/tickets/" + rescue).then().statusCode(200)
                .body("deadlines.kind", org.hamcrest.Matchers.not(hasItems("ARRIVAL")));
        as(agent).get("/api/tickets/" + rescue + "/events").then().body("type", hasItems("DEADLINE_WITHDRAWN"));
    }

    @Test
    void aBadTripIsRefusedWithWhatToFixAndWritesNothing() {
        OffsetDateTime received = OffsetDateTime.parse("2044-07-02T10:00:00+08:00");
        Rescue r = rescue(received, "URBAN");
        clock.set(received.plusHours(1).toString());
        String trips = "/api/tickets/" + r.ticket() + "/vehicle-trips";

        Map<String, Object> plate = trip(received.plusMinutes(10));
        plate.put("plate", "ABC");
        as(r.stationUser()).body(plate).post(trips).then().statusCode(400).body("detail", containsString("plate"));
        Map<String, Object> crew = trip(received.plusMinutes(10));
        crew.put("crew", List.of());
        as(r.stationUser()).body(crew).post(trips).then().statusCode(400);
        Map<String, Object> order = trip(received.plusMinutes(10));
        order.put("arrivedAt", received.plusMinutes(5).toString());
        as(r.stationUser()).body(order).post(trips).then().statusCode(400).body("detail", containsString("before departedAt"));
        as(r.stationUser()).body(trip(received.plusHours(2))).post(trips).then().statusCode(400)
                .body("detail", containsString("future"));
        as(r.stationUser()).body(trip(received.minusMinutes(5))).post(trips).then().statusCode(400)
                .body("detail", containsString("before ticket"));
        Map<String, Object> noDeparture = trip(received);
        noDeparture.remove("departedAt");
        as(r.stationUser()).body(noDeparture).post(trips).then().statusCode(400);
        assertEquals(0, Api.queryLong("SELECT count(*) FROM vehicle_trip WHERE ticket_id = " + r.ticket()));

        // another station's manager can neither see the ticket nor register a vehicle on it
        String stranger = Api.user(Map.of("stationId", station("Stranger-" + System.nanoTime())), "station");
        as(stranger).body(trip(received.plusMinutes(10))).post(trips).then().statusCode(403);
        as(stranger).get(trips).then().statusCode(403);
        as(r.stationUser()).body(Map.of("arrivedAt", received.plusMinutes(30).toString()))
                .patch(trips + "/999999999").then().statusCode(404);

        long trip = as(r.stationUser()).body(trip(received.plusMinutes(10))).post(trips).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        as(r.stationUser()).body(Map.of("arrivedAt", received.plusMinutes(30).toString()))
                .patch(trips + "/" + trip).then().statusCode(200);
        as(r.stationUser()).body(Map.of("arrivedAt", received.plusMinutes(35).toString()))
                .patch(trips + "/" + trip).then().statusCode(409).body("detail", containsString("already recorded"));
        as(r.stationUser()).body(Map.of()).patch(trips + "/" + trip).then().statusCode(400);

        // a ticket no notice went out for has no vehicle to register
        long bare = as(r.agent()).body(Map.of("callerNumber", Numbers.national()))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(r.agent()).body(trip(received.plusMinutes(10))).post("/api/tickets/" + bare + "/vehicle-trips")
                .then().statusCode(409).body("detail", containsString("notice"));
    }

    /** The register's figure of one day: {numerator, denominator}. */
    private static List<Integer> registerFigure(String supervisor, String day) {
        io.restassured.path.json.JsonPath j = as(supervisor).queryParam("from", day).queryParam("to", day)
                .get("/api/kpi").then().statusCode(200).extract().jsonPath();
        String f = "figures.find { it.key == 'vehicleRegisterCompleteness' }.";
        return List.of(j.getInt(f + "numerator"), j.getInt(f + "denominator"));
    }

    @Test
    void anOnSiteRepairsVehicleCountsOnTheRegisterFigureLikeARescues() throws Exception {
        OffsetDateTime received = OffsetDateTime.parse("2044-09-17T10:00:00+08:00");
        clock.set(received.toString());
        long station = station("OnSite-" + System.nanoTime());
        String stationUser = Api.user(Map.of("stationId", station), "station");
        String agent = Api.user("agent");
        String supervisor = Api.user("supervisor");
        long ticket = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "GENERAL_QUALITY"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        long notice = as(agent).body(Map.of("stationId", station, "instruction", "Inspect the charging port at the"
                + " customer's home")).post("/api/tickets/" + ticket + "/dispatches").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        assertEquals(List.of(0, 0), registerFigure(supervisor, "2044-09-17"), "a notice alone sends no vehicle");

        // the next day the day is a whole past one, summarised when asked; a report written then still counts
        clock.set(received.plusDays(1).toString());
        assertEquals(List.of(0, 0), registerFigure(supervisor, "2044-09-17"));
        assertEquals(1, Api.queryLong("SELECT count(*) FROM kpi_day WHERE day = '2044-09-17'"), "the day is summarised");
        // written as another program would: only the reports' own watch can outdate the summarised day
        Api.execute("INSERT INTO notice_report (notice_id, kind, note, reported_by, reported_at) VALUES (" + notice
                + ", 'ON_THE_WAY', 'van 3 left yesterday', 'station-app', now())");
        assertEquals(List.of(0, 1), registerFigure(supervisor, "2044-09-17"),
                "the crew went out for an on-site repair: a vehicle not yet on the register");

        as(stationUser).body(trip(received.plusMinutes(20))).post("/api/tickets/" + ticket + "/vehicle-trips")
                .then().statusCode(201);
        assertEquals(List.of(1, 1), registerFigure(supervisor, "2044-09-17"), "registered");
    }
}
