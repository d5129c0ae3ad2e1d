package com.evhotline.roster;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Tables;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dates far outside the hotline's business (2000-2100) are refused where they come in, naming the
 * field; and a rotation stored with one before they were refused no longer stops the roster from
 * loading: it is left out, and the administrators are told once.
 */
@QuarkusTest
class FarDatesTest {

    @Inject
    RosterService roster;

    private Map<String, Object> rotation(Object startDate, long member) {
        return Map.of("name", "far " + System.nanoTime(), "position", 9, "handover", "17:30", "startDate", startDate,
                "staffIds", List.of(member));
    }

    @Test
    void aRotationStartingBeyondTheRangeOrGivenAsANumberIsRefusedAndNothingStored() {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        var before = Tables.counts();
        long rotations = Api.queryLong("SELECT count(*) FROM roster_rotation");
        for (String far : new String[] {"+10000-01-01", "1999-12-31", "2101-01-01"}) {
            as(supervisor).body(rotation(far, duty)).post("/api/roster/rotations").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("startDate"));
        }
        // an epoch day is not a date here
        as(supervisor).body(rotation(2_932_897, duty)).post("/api/roster/rotations").then().statusCode(400);
        Tables.assertNothingWrittenSince(before);
        assertEquals(rotations, Api.queryLong("SELECT count(*) FROM roster_rotation"));
        as(supervisor).body(rotation("2100-12-31", duty)).post("/api/roster/rotations").then().statusCode(201);
    }

    @Test
    void shiftsDaysAndFiltersBeyondTheRangeAreRefusedNamingTheField() {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        as(supervisor).body(Map.of("staffId", duty, "start", "2200-01-01T17:30:00+08:00", "end",
                "2200-01-02T08:30:00+08:00", "position", 3)).post("/api/roster/shifts").then().statusCode(400)
                .body("detail", containsString("start"));
        Api.asAdmin().body(Map.of("date", "+10000-01-01", "type", "HOLIDAY")).post("/api/calendar/days")
                .then().statusCode(400).body("detail", containsString("date"));
        as(supervisor).get("/api/calendar/days?from=+10000-01-01").then().statusCode(400)
                .body("detail", containsString("2100-12-31"));
        as(supervisor).get("/api/tickets?from=1000-01-01T00:00:00Z").then().statusCode(400)
                .body("detail", containsString("from"));
        as(supervisor).get("/api/roster/on-duty?at=%2B99999-01-01T00:00:00Z").then().statusCode(400)
                .body("detail", containsString("at"));
        as(Api.user("agent")).body(Map.of("callerNumber", "13800000000", "receivedAt", "1970-01-01T00:00:00Z"))
                .post("/api/tickets").then().statusCode(400).body("detail", containsString("receivedAt"));
    }

    @Test
    void aStoredRotationBeyondTheRangeIsLeftOutOfTheReloadAndToldToTheAdministratorsOnce() throws Throwable {
        String supervisor = Api.user("supervisor");
        long duty = Api.staffId(Api.user("duty"));
        long good = Api.staffId(Api.user("duty"));
        as(supervisor).body(rotation("2033-02-01", good)).post("/api/roster/rotations").then().statusCode(201);
        // as an earlier version let it be stored
        long bad = Api.queryLong("INSERT INTO roster_rotation (name, position, handover, period_days, start_date, members,"
                + " created_by, created_at) VALUES ('written before the check', 9, '17:30', 1, '10000-01-01', ARRAY[" + duty
                + "]::bigint[], 'test', now()) RETURNING id");
        try {
            io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(roster::reload);
            io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(roster::reload);
            List<Long> loaded = roster.rotations().stream().map(Rotation::id).toList();
            assertTrue(!loaded.contains(bad), "the bad row is left out");
            assertTrue(roster.rotations().stream().anyMatch(r -> r.members().contains(good)), "the others are loaded");
            String source = "skipped:roster_rotation:" + bad;
            assertEquals(1, Api.queryLong("SELECT count(*) FROM notification n JOIN staff_role r ON r.staff_id ="
                    + " n.recipient_staff_id WHERE n.source = '" + source + "' AND n.kind = 'DATA_SKIPPED' AND n.channel ="
                    + " 'WEB' AND r.role = 'admin' AND n.recipient_staff_id = " + Api.staffId("admin")),
                    "the administrator is told once, however often the roster is read");
            assertTrue(Api.queryString("SELECT subject FROM notification WHERE source = '" + source + "' LIMIT 1")
                    .contains("Rotation " + bad));
        } finally {
            Api.execute("DELETE FROM roster_rotation WHERE id = " + bad);
        }
    }
}
