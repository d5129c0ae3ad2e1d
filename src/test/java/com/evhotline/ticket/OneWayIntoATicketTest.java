package com.evhotline.ticket;

import static com.evhotline.support.Api.asAdmin;
import static com.evhotline.support.Api.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.call.service.CallTicketService;
import com.evhotline.call.service.CallTicketService.Intake;
import com.evhotline.call.service.CallTicketService.Placed;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ticket opened by hand through the API and one opened by a call at the same instant are born the
 * same way: the same ticket fields, customer, deadlines, timers and first history, field by field (but
 * for what names them: number, caller, who opened it).
 */
@QuarkusTest
class OneWayIntoATicketTest {

    @Inject
    TestClock clock;

    @Inject
    CallTicketService calls;

    /** Everything a new ticket is born with, its own names replaced by placeholders. */
    private static String birth(long ticketId, String number, String caller) {
        String sql = "SELECT concat_ws(E'\\n',"
                + " (SELECT concat_ws(',', t.status, t.category, t.customer_id IS NOT NULL, t.customer_name, t.vehicle_id,"
                + "   t.vin, t.description, t.received_at, t.shift, t.office_hours, t.resolution,"
                + "   t.resolved_at, t.closed_at, t.created_at, t.updated_at, t.version, t.was_major_incident)"
                + "   FROM ticket t WHERE t.id = " + ticketId + "),"
                + " (SELECT concat_ws(',', u.phone, u.name, u.created_at, u.updated_at) FROM customer u JOIN ticket t"
                + "   ON t.customer_id = u.id WHERE t.id = " + ticketId + "),"
                + " (SELECT string_agg(concat_ws(',', d.kind, d.due_at, d.state, d.met_at), ';' ORDER BY d.kind)"
                + "   FROM deadline d WHERE d.ticket_id = " + ticketId + "),"
                + " (SELECT string_agg(concat_ws(',', d.kind, m.kind, m.step, m.planned_at, m.due_at, m.state, m.attempts,"
                + "   m.created_at), ';' ORDER BY d.kind, m.kind)"
                + "   FROM deadline_timer m JOIN deadline d ON d.id = m.deadline_id WHERE m.ticket_id = " + ticketId + "),"
                + " (SELECT string_agg(concat_ws(',', e.at, e.type, e.detail), ';' ORDER BY e.id)"
                + "   FROM ticket_event e WHERE e.ticket_id = " + ticketId + " AND e.type <> 'CALL'),"
                + " (SELECT count(*) FROM notification n WHERE n.ticket_id = " + ticketId + "))";
        return queryString(sql).replace(number, "<number>").replace(caller, "<caller>");
    }

    /**
     * Opens one ticket by hand and two by calls received at {@code at}: one through the routing script's
     * path (a number promised, a caller with no open ticket: the one-round-trip statement), one through the
     * general path (the AMI side's, no number promised); answers the three births.
     */
    private List<String> threeBirths(Instant at, String shift) {
        clock.set(at);
        String byHandCaller = Numbers.e164(Numbers.national());
        String freshCaller = Numbers.e164(Numbers.national());
        String generalCaller = Numbers.e164(Numbers.national());
        long seq = System.nanoTime() % 100_000;

        var created = asAdmin().body(Map.of("callerNumber", byHandCaller, "category", "GENERAL_QUALITY",
                "receivedAt", at.toString())).post("/api/tickets").then().statusCode(201).extract().jsonPath();
        assertEquals(shift, created.getString("shift"));
        // the owner differs by birth: whoever opened it by hand, the call-back queue's for a call
        assertEquals(com.evhotline.support.Api.staffId("admin"), created.getLong("assigneeId"));
        double freshBefore = placed("fresh");
        String promised = "HL-" + at.toString().substring(0, 10).replace("-", "") + "-7" + String.format("%03d", seq % 1000);
        Placed fresh = calls.placeAll(List.of(new Intake(at.getEpochSecond() + "." + seq, freshCaller, at, "QUEUE",
                "hotline", promised, "AGI"))).await().atMost(Duration.ofSeconds(20)).get(0);
        assertEquals(freshBefore + 1, placed("fresh"), "placed by the one-round-trip statement");
        Placed general = calls.placeAll(List.of(new Intake(at.getEpochSecond() + "." + (seq + 1), generalCaller, at,
                "FORWARD", null, null, "AMI"))).await().atMost(Duration.ofSeconds(20)).get(0);

        return List.of(birth(created.getLong("id"), created.getString("number"), byHandCaller),
                birth(fresh.ticketId(), fresh.number(), freshCaller),
                birth(general.ticketId(), general.number(), generalCaller));
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private double placed(String path) {
        var counter = meters.find("hotline.calls.placed").tag("path", path).counter();
        return counter == null ? 0 : counter.count(); // none yet when no call was placed before in this JVM
    }

    @Test
    void aTicketOpenedByTheApiIsBornAsOnesOpenedByCallsAtNight() {
        List<String> births = threeBirths(Instant.parse("2046-03-02T11:20:00Z"), "NIGHT"); // 19:20 in Shanghai
        assertEquals(births.get(0), births.get(1), "by hand and by the routing script's call");
        assertEquals(births.get(0), births.get(2), "by hand and by the AMI side's call");
        assertEquals(4, births.get(0).split("\n")[3].split(";").length, "REPLY and DISPATCH, a warning and a breach each");
        assertEquals(3, births.get(0).split("\n")[4].split(";").length, "OPENED and a DEADLINE_ADDED per deadline");
    }

    @Test
    void aTicketOpenedByTheApiIsBornAsOnesOpenedByCallsByDay() {
        List<String> births = threeBirths(Instant.parse("2046-03-05T02:10:00Z"), "DAY"); // a Monday, 10:10 in Shanghai
        assertEquals(births.get(0), births.get(1), "by hand and by the routing script's call");
        assertEquals(births.get(0), births.get(2), "by hand and by the AMI side's call");
    }
}
