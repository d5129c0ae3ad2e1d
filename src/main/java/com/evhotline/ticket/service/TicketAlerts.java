package com.evhotline.ticket.service;

import com.evhotline.common.WireTime;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.ticket.TicketView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts a ticket raised, read from its history: each warning, breach and escalation step the
 * engine recorded, with the people it told as the engine chose them at that instant, by name.
 */
@ApplicationScoped
public class TicketAlerts {

    private static final String OF_TICKET = """
            SELECT e.at, e.type, e.detail::json ->> 'kind' AS kind, coalesce((e.detail::json ->> 'round')::int, 1) AS round, CASE WHEN e.type = 'DEADLINE_ESCALATED' THEN (e.detail::json ->> 'step')::int END AS step,
                   coalesce(w.ids, '{}') AS ids, coalesce(w.names, '{}') AS names
              FROM ticket_event e
              LEFT JOIN LATERAL (
                   SELECT array_agg(s.id ORDER BY s.id) AS ids, array_agg(s.name::text ORDER BY s.id) AS names
                     FROM staff s
                    WHERE s.id IN (SELECT x::bigint FROM json_array_elements_text(e.detail::json -> 'told') AS x)) w ON true
             WHERE e.ticket_id = $1 AND e.type IN ('DEADLINE_WARNING', 'DEADLINE_BREACHED', 'DEADLINE_ESCALATED')
             ORDER BY e.id""";

    private final Pool pool;
    private final ZoneId zone;

    public TicketAlerts(Pool pool, ZoneId zone) {
        this.pool = pool;
        this.zone = zone;
    }

    public Uni<List<TicketView.AlertView>> of(long ticketId) {
        return pool.preparedQuery(OF_TICKET).execute(Tuple.of(ticketId)).map(rows -> {
            List<TicketView.AlertView> out = new ArrayList<>();
            for (Row r : rows) {
                Long[] ids = r.getArrayOfLongs("ids");
                String[] names = r.getArrayOfStrings("names");
                List<TicketView.Told> told = new ArrayList<>(ids.length);
                for (int i = 0; i < ids.length; i++) {
                    told.add(new TicketView.Told(ids[i], names[i]));
                }
                String kind = r.getString("kind");
                out.add(new TicketView.AlertView(WireTime.show(r.getOffsetDateTime("at").toInstant(), zone),
                        r.getString("type"), kind == null ? null : DeadlineKind.valueOf(kind), r.getInteger("round"),
                        r.getInteger("step"),
                        told));
            }
            return out;
        });
    }
}
