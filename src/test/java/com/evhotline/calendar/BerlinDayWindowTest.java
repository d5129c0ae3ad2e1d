package com.evhotline.calendar;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A site that reads 白天 (daytime) literally: a day window of 08:00–20:00 every day, set apart from office
 * hours, in a zone with daylight saving time. The shift follows the day window; routing follows office
 * hours; every time on the wire carries the zone's offset of that date.
 */
@QuarkusTest
@TestProfile(BerlinDayWindowTest.BerlinWithADaylightWindow.class)
class BerlinDayWindowTest {

    /** Berlin, with the day window 08:00–20:00 every day; office hours stay Monday to Friday. */
    public static class BerlinWithADaylightWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotline.calendar.day-window", "08:00-20:00", "hotline.zone", "Europe/Berlin");
        }
    }

    @Inject
    TestClock clock;

    String agent;

    @BeforeEach
    void setUp() {
        clock.set("2026-11-28T10:30:00+01:00"); // a Saturday in Berlin
        agent = Api.user("supervisor"); // who may enter a ticket received long before now
    }

    ValidatableResponse open(String receivedAt) {
        return as(agent).body(Map.of("callerNumber", Numbers.national(), "receivedAt", receivedAt)).post("/api/tickets")
                .then().log().ifValidationFails().statusCode(201);
    }

    @Test
    void shouldMakeASaturdayMorningTicketADayTicketOutsideOfficeHours() {
        open("2026-11-28T10:00:00+01:00")
                .body("shift", equalTo("DAY"))
                .body("officeHours", equalTo(false))
                .body("receivedAt", equalTo("2026-11-28T10:00:00+01:00"))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-28T10:30:00+01:00"))
                .body("deadlines.find { it.kind == 'DISPATCH' }.dueAt", equalTo("2026-11-28T11:00:00+01:00"));
    }

    @Test
    void shouldShowEveryTimeWithBerlinsOffsetWhateverOffsetItWasSentWith() {
        open("2026-11-28T17:00:00+08:00") // 10:00 in Berlin
                .body("receivedAt", equalTo("2026-11-28T10:00:00+01:00"))
                .body("shift", equalTo("DAY"))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-28T10:30:00+01:00"))
                .body("createdAt", equalTo("2026-11-28T10:30:00+01:00"))
                .body("updatedAt", endsWith("+01:00"));
        as(agent).queryParam("at", "2026-11-28T09:00:00Z").get("/api/calendar/shift").then().statusCode(200)
                .body("at", equalTo("2026-11-28T10:00:00+01:00"))
                .body("shift", equalTo("DAY"))
                .body("officeHours", equalTo(false));
    }

    @Test
    void shouldShowSummerTimesWithBerlinsSummerOffset() {
        open("2026-06-13T08:00:00Z") // a Saturday, 10:00 CEST
                .body("receivedAt", equalTo("2026-06-13T10:00:00+02:00"))
                .body("shift", equalTo("DAY"))
                .body("officeHours", equalTo(false))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-06-13T10:30:00+02:00"));
    }

    @Test
    void shouldEndTheDayWindowAtEightInTheEvening() {
        shift("2026-11-28T07:59:59+01:00").body("shift", equalTo("NIGHT"));
        shift("2026-11-28T08:00:00+01:00").body("shift", equalTo("DAY"));
        shift("2026-11-28T19:59:59+01:00").body("shift", equalTo("DAY"));
        shift("2026-11-28T20:00:00+01:00").body("shift", equalTo("NIGHT"));
        open("2026-11-27T20:00:00+01:00") // Friday 20:00: night, and outside office hours
                .body("shift", equalTo("NIGHT"))
                .body("officeHours", equalTo(false))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2026-11-27T21:00:00+01:00"));
        shift("2026-11-27T10:00:00+01:00").body("shift", equalTo("DAY")).body("officeHours", equalTo(true));
    }

    ValidatableResponse shift(String at) {
        return as(agent).queryParam("at", at).get("/api/calendar/shift").then().statusCode(200);
    }
}
