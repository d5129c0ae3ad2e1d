package com.evhotline.db;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules the database itself enforces, whatever the code above it does. */
@QuarkusTest
class SchemaRulesTest {

    @Test
    void shouldNeverDeleteAMajorIncident() {
        long id = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        SQLException e = assertThrows(SQLException.class, () -> Api.execute("DELETE FROM ticket WHERE id = " + id));
        assertTrue(e.getMessage().contains("major incident and can never be deleted"), e.getMessage());
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE id = " + id));
    }

    @Test
    void shouldKeepTheEventLogAppendOnly() {
        long id = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national()))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        SQLException e = assertThrows(SQLException.class,
                () -> Api.execute("UPDATE ticket_event SET actor = 'someone else' WHERE ticket_id = " + id));
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        assertThrows(SQLException.class, () -> Api.execute("DELETE FROM ticket_event WHERE ticket_id = " + id));
    }

    @Test
    void shouldRefuseAMetDeadlineMarkedAfterItsDueInstant() {
        long id = as(Api.user("agent")).body(Map.of("callerNumber", Numbers.national()))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThrows(SQLException.class, () -> Api.execute("UPDATE deadline SET state = 'MET', met_at = due_at + interval '1 second'"
                + " WHERE ticket_id = " + id));
    }

    @Test
    void shouldListTheEndpointsInOpenApiAndReportHealth() {
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/tickets", "/api/tickets/{id}", "/api/tickets/{id}/replies",
                        "/api/tickets/{id}/dispatches", "/api/tickets/{id}/exemptions", "/api/tickets/{id}/resolve",
                        "/api/tickets/{id}/close", "/api/tickets/{id}/reopen", "/api/calendar/shift", "/api/calendar/days",
                        "/api/staff", "/api/stations", "/api/notices", "/api/notices/{id}/ack"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
