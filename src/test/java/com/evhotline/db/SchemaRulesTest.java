package com.evhotline.db;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
        SQLException e = assertThrows(SQLException.class, () -> Api.execute("UPDATE deadline SET state = 'MET',"
                + " met_at = due_at + interval '1 second' WHERE ticket_id = " + id));
        assertEquals("23514", e.getSQLState(), "a check constraint refused it: " + e.getMessage());
        assertEquals(0, Api.queryLong("SELECT count(*) FROM deadline WHERE state = 'MET' AND ticket_id = " + id));
    }

    @Test
    void shouldNeverDeleteATicketThatWasAMajorIncidentEvenAfterADowngrade() {
        String agent = Api.user("agent");
        long id = as(agent).body(Map.of("callerNumber", Numbers.national(), "category", "MAJOR_INCIDENT"))
                .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
        as(Api.user("supervisor")).body(Map.of("category", "GENERAL_QUALITY", "reason", "a flat tyre, nobody hurt"))
                .patch("/api/tickets/" + id).then().statusCode(200);
        assertEquals("GENERAL_QUALITY", Api.queryString("SELECT category FROM ticket WHERE id = " + id));
        SQLException e = refusedInRolledBackTransaction("DELETE FROM ticket WHERE id = " + id);
        // restrict_violation from the trigger, which runs before any foreign key (23503) is checked
        assertEquals("23001", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("major incident and can never be deleted"), e.getMessage());
        assertEquals(1, Api.queryLong("SELECT count(*) FROM ticket WHERE id = " + id));
    }

    @Test
    void shouldRefuseToTruncateTheEventLog() {
        long events = Api.queryLong("SELECT count(*) FROM ticket_event");
        SQLException e = refusedInRolledBackTransaction("TRUNCATE ticket_event");
        assertEquals("23001", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be truncated"), e.getMessage());
        assertTrue(Api.queryLong("SELECT count(*) FROM ticket_event") >= events);
    }

    /**
     * Runs the statements in one transaction that is always rolled back, and answers the exception the
     * last one raised: should the rule be missing, the shared test database keeps its rows.
     */
    private static SQLException refusedInRolledBackTransaction(String... statements) {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < statements.length - 1; i++) {
                    s.execute(statements[i]);
                }
                return assertThrows(SQLException.class, () -> s.execute(statements[statements.length - 1]));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every foreign key to a table the service deletes rows from (a deadline is withdrawn) has an index on its
     * column, so the delete looks up the rows that name the row instead of reading the whole referring table,
     * which on years of notifications takes seconds per row. A partial index serves only when its condition is
     * the column being set. People, stations, customers, vehicles, tickets and batches are kept (deactivated,
     * closed), never deleted by the service; their keys are not held to it.
     */
    @Test
    void everyForeignKeyHasAnIndexOnItsColumn() throws SQLException {
        java.util.List<String> unindexed = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("""
                        SELECT k.conrelid::regclass || '.' || a.attname || ' -> ' || k.confrelid::regclass
                          FROM pg_constraint k
                          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                         WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace
                           AND k.confrelid::regclass::text NOT IN ('staff', 'station', 'customer', 'vehicle', 'ticket',
                                                                   'quality_batch')
                           AND NOT EXISTS (
                               SELECT 1 FROM pg_index i
                                WHERE i.indrelid = k.conrelid AND i.indkey[0] = k.conkey[1]
                                  AND (i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid)
                                                            = '(' || quote_ident(a.attname) || ' IS NOT NULL)'))
                         ORDER BY 1""")) {
            while (rs.next()) {
                unindexed.add(rs.getString(1));
            }
        }
        assertEquals(java.util.List.of(), unindexed, "foreign keys whose referenced rows cannot be deleted without"
                + " reading the whole referring table");
    }

    @Test
    void shouldListTheEndpointsInOpenApiAndReportHealth() {
        com.evhotline.support.Api.asAdmin().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/tickets", "/api/tickets/{id}", "/api/tickets/{id}/replies",
                        "/api/tickets/{id}/dispatches", "/api/tickets/{id}/exemptions", "/api/tickets/{id}/resolve",
                        "/api/tickets/{id}/close", "/api/tickets/{id}/reopen",
                        "/api/tickets/{id}/follow-up", "/api/follow-ups", "/api/calendar/shift", "/api/calendar/days",
                        "/api/staff", "/api/stations", "/api/notices", "/api/notices/{id}/ack"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
