package com.evhotline.console;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What an incoming call's pop-up shows, read in one statement: the caller, the known customer and vehicles,
 * the caller's latest tickets, and the ticket the call was put on.
 */
@ApplicationScoped
public class PopQuery {

    /** How many of the caller's tickets the pop-up lists: the open ones first, then the newest. */
    static final int TICKETS_SHOWN = 8;

    public record Pop(long callId, String caller, boolean withheld, Instant at, String route, long ticketId,
            String ticketNumber, String customerName, List<String> vins, List<Earlier> tickets) {
    }

    /** One of the caller's tickets; {@code current} for the one this call is on. */
    public record Earlier(long id, String number, String status, String category, Instant receivedAt, boolean current) {
    }

    private static final String POP = """
            SELECT c.id, c.caller_number, c.withheld, c.started_at, c.route, t.id AS ticket_id, t.number,
                   coalesce(cu.name, t.customer_name) AS customer_name,
                   (SELECT array_agg(DISTINCT v.vin) FROM vehicle v WHERE v.customer_id = cu.id
                        OR v.vin = t.vin) AS vins,
                   (SELECT json_agg(x) FROM (
                        SELECT o.id, o.number, o.status, o.category, o.received_at FROM ticket o
                         WHERE o.caller_number = c.caller_number
                         ORDER BY o.status NOT IN ('RESOLVED', 'CLOSED') DESC, o.received_at DESC LIMIT $2) x) AS tickets
              FROM call_record c JOIN ticket t ON t.id = c.ticket_id
              LEFT JOIN customer cu ON cu.phone = c.caller_number
             WHERE c.id = $1""";

    private final Pool pool;

    public PopQuery(Pool pool) {
        this.pool = pool;
    }

    /** The call's pop-up, or null when the call is not (or no longer) on a ticket. */
    public Uni<Pop> of(long callId) {
        return pool.preparedQuery(POP).execute(Tuple.of(callId, TICKETS_SHOWN)).map(PopQuery::pop);
    }

    private static Pop pop(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        long ticketId = r.getLong("ticket_id");
        List<String> vins = new ArrayList<>();
        String[] found = r.getArrayOfStrings("vins");
        if (found != null) {
            vins.addAll(List.of(found));
        }
        List<Earlier> earlier = new ArrayList<>();
        Object json = r.getValue("tickets");
        if (json instanceof JsonArray list) {
            for (Object o : list) {
                JsonObject t = (JsonObject) o;
                earlier.add(new Earlier(t.getLong("id"), t.getString("number"), t.getString("status"),
                        t.getString("category"), OffsetDateTime.parse(t.getString("received_at")).toInstant(),
                        t.getLong("id") == ticketId));
            }
        }
        if (earlier.stream().noneMatch(Earlier::current)) { // a withheld number has no history to list
            earlier.add(0, new Earlier(ticketId, r.getString("number"), null, null, null, true));
        }
        return new Pop(r.getLong("id"), r.getString("caller_number"), Boolean.TRUE.equals(r.getBoolean("withheld")),
                r.getOffsetDateTime("started_at").toInstant(), r.getString("route"), ticketId, r.getString("number"),
                r.getString("customer_name"), vins, earlier);
    }
}
