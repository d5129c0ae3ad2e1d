package com.evhotline.calendar;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CalendarResourceTest {

    @Inject
    TestClock clock;

    @Test
    void shouldAnswerTheShiftAtTheEdgesOfOfficeHours() {
        String agent = Api.user("agent");
        shift(agent, "2026-11-24T08:29:59+08:00").body("shift", equalTo("NIGHT")).body("officeHours", equalTo(false));
        shift(agent, "2026-11-24T08:30:00+08:00").body("shift", equalTo("DAY")).body("officeHours", equalTo(true));
        shift(agent, "2026-11-24T17:30:00+08:00").body("shift", equalTo("NIGHT")).body("officeHours", equalTo(false));
        shift(agent, "2026-11-24T00:30:00Z").body("at", equalTo("2026-11-24T08:30:00+08:00")).body("shift", equalTo("DAY"));
    }

    @Test
    void shouldTurnAWeekdayIntoAHolidayAndASaturdayIntoAWorkday() {
        String supervisor = Api.user("supervisor");
        as(supervisor).body(Map.of("date", "2027-01-01", "type", "HOLIDAY", "note", "New Year")).post("/api/calendar/days")
                .then().statusCode(200).body("type", equalTo("HOLIDAY"));
        shift(supervisor, "2027-01-01T10:00:00+08:00").body("shift", equalTo("NIGHT")).body("officeHours", equalTo(false))
                .body("reason", containsString("public holiday"));
        as(supervisor).body(Map.of("date", "2027-01-09", "type", "WORKDAY")).post("/api/calendar/days")
                .then().statusCode(200);
        shift(supervisor, "2027-01-09T10:00:00+08:00").body("shift", equalTo("DAY")).body("officeHours", equalTo(true))
                .body("reason", containsString("make-up working day"));
        as(supervisor).queryParam("from", "2027-01-01").queryParam("to", "2027-01-31").get("/api/calendar/days")
                .then().statusCode(200).body("date", org.hamcrest.Matchers.contains("2027-01-01", "2027-01-09"));
    }

    @Test
    void shouldOpenAHolidayTicketAsANightTicket() {
        String supervisor = Api.user("supervisor");
        as(supervisor).body(Map.of("date", "2027-02-17", "type", "HOLIDAY")).post("/api/calendar/days").then().statusCode(200);
        clock.set("2027-02-17T11:00:00+08:00");
        as(supervisor).body(Map.of("callerNumber", Numbers.national())).post("/api/tickets").then().statusCode(201)
                .body("shift", equalTo("NIGHT"))
                .body("deadlines.find { it.kind == 'REPLY' }.dueAt", equalTo("2027-02-17T12:00:00+08:00"));
    }

    @Test
    void shouldRefuseBadCalendarInputAndLetOnlySupervisorsMarkDays() {
        String agent = Api.user("agent");
        String supervisor = Api.user("supervisor");
        long before = Api.queryLong("SELECT count(*) FROM calendar_day");
        as(agent).body(Map.of("date", "2027-05-01", "type", "HOLIDAY")).post("/api/calendar/days").then().statusCode(403);
        as(supervisor).body(Map.of("date", "2027-13-01", "type", "HOLIDAY")).post("/api/calendar/days")
                .then().statusCode(400).body("detail", containsString("date"));
        as(supervisor).body(Map.of("date", "2027-05-01", "type", "FEAST")).post("/api/calendar/days")
                .then().statusCode(400).body("detail", containsString("[HOLIDAY, WORKDAY]"));
        as(supervisor).body(Map.of("type", "HOLIDAY")).post("/api/calendar/days").then().statusCode(400)
                .body("detail", containsString("date"));
        assertEquals(before, Api.queryLong("SELECT count(*) FROM calendar_day"));
        as(agent).queryParam("at", "noon").get("/api/calendar/shift").then().statusCode(400)
                .body("detail", containsString("ISO-8601"));
    }

    private static io.restassured.response.ValidatableResponse shift(String user, String at) {
        return as(user).queryParam("at", at).get("/api/calendar/shift").then().statusCode(200);
    }
}
