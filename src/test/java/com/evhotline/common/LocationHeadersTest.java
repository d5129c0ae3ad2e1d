package com.evhotline.common;

import static com.evhotline.support.Api.as;
import static com.evhotline.support.Api.asAdmin;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every 201 names, in its Location, a resource that answers GET with what was created. */
@QuarkusTest
class LocationHeadersTest {

    @Inject
    TestClock clock;

    /** POSTs as the given user and GETs the Location as the same user: the same id comes back. */
    private static long createdAndReadable(RequestSpecification asUser, String path, Map<String, ?> body,
            RequestSpecification reader) {
        var created = asUser.body(body).post(path).then().log().ifValidationFails().statusCode(201).extract();
        long id = created.jsonPath().getLong("id");
        String location = created.header("Location");
        reader.get(URI.create(location).getPath()).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo((int) id));
        return id;
    }

    @Test
    void everyCreatedResourceAnswersAtItsLocation() {
        clock.set("2034-02-07T10:00:00+08:00"); // a Tuesday, office hours
        String supervisor = Api.user("supervisor");
        long station = createdAndReadable(asAdmin(), "/api/stations",
                Map.of("code", "LOC-" + System.nanoTime() % 1000000, "name", "Nanjing East"), asAdmin());
        long duty = createdAndReadable(asAdmin(), "/api/staff", Map.of("name", "周值班", "roles", List.of("duty"), "mobile", Numbers.national(),
                "username", "loc" + System.nanoTime() % 1000000, "password", "night-shift-loc-1"), asAdmin());
        long ticket = createdAndReadable(as(supervisor), "/api/tickets",
                Map.of("callerNumber", Numbers.national(), "category", "RESCUE"), as(supervisor));
        createdAndReadable(as(supervisor), "/api/tickets/" + ticket + "/replies",
                Map.of("channel", "PHONE", "text", "a truck is on its way"), as(supervisor));
        createdAndReadable(as(supervisor), "/api/tickets/" + ticket + "/dispatches",
                Map.of("stationId", station, "instruction", "tow to the station", "distanceBand", "URBAN"), as(supervisor));
        createdAndReadable(as(supervisor), "/api/tickets/" + ticket + "/vehicle-trips", Map.of("plate", "苏A12345",
                "crew", List.of("Zhou"), "departedAt", as(supervisor).get("/api/tickets/" + ticket).then().extract()
                        .jsonPath().getString("receivedAt")), as(supervisor));
        long other = createdAndReadable(as(supervisor), "/api/tickets",
                Map.of("callerNumber", Numbers.national(), "category", "COMPLAINT"), as(supervisor));
        createdAndReadable(as(supervisor), "/api/tickets/" + other + "/exemptions",
                Map.of("kind", "DISPATCH", "reason", "handled by the dealer"), as(supervisor));
        createdAndReadable(as(supervisor), "/api/roster/shifts", Map.of("staffId", duty,
                "start", "2034-02-07T17:30:00+08:00", "end", "2034-02-08T08:30:00+08:00", "position", 1), as(supervisor));
        createdAndReadable(as(supervisor), "/api/roster/rotations", Map.of("name", "loc line " + System.nanoTime(),
                "position", 9, "handover", "17:30", "startDate", "2034-03-06", "staffIds", List.of(duty)), as(supervisor));
    }
}
