package com.evhotline.notification;

import com.evhotline.common.WireTime;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Every message about a ticket, on every channel, with each attempt and the acknowledgement: what reached whom. */
@ApplicationScoped
public class Deliveries {

    /** One message to one person on one channel, as the API shows it. */
    public record Delivery(Long id, String kind, Recipient recipient, String channel, String state, int attempts,
            String lastError, OffsetDateTime queuedAt, OffsetDateTime acceptedAt, OffsetDateTime acknowledgedAt,
            String acknowledgedBy, List<Attempt> tries) {
    }

    public record Recipient(Long staffId, String name) {
    }

    public record Attempt(OffsetDateTime at, String outcome, String detail) {
    }

    /**
     * The ticket's messages (not the service log's) in the order written, each with its attempts; the states as
     * the API names them: the inbox's rows are SENT once in the inbox. $1 the ticket, $2 only this person's (or
     * null for everybody's).
     */
    static final String OF_TICKET = """
            SELECT n.id, n.kind, n.recipient_staff_id, s.name, n.channel, n.attempts, n.last_error, n.created_at,
                   coalesce(n.accepted_at, n.delivered_at) AS accepted_at, n.acknowledged_at, n.acknowledged_by,
                   CASE WHEN n.state IN ('DELIVERED', 'READ') THEN 'SENT' WHEN n.state = 'PENDING' THEN 'QUEUED'
                        ELSE n.state END AS state,
                   (SELECT coalesce(json_agg(json_build_object('at', a.at, 'outcome', a.outcome, 'detail', a.detail)
                                              ORDER BY a.id), '[]')
                      FROM notification_attempt a WHERE a.notification_id = n.id)::text AS tries
              FROM notification n LEFT JOIN staff s ON s.id = n.recipient_staff_id
             WHERE n.ticket_id = $1 AND n.channel <> 'LOG'
               AND ($2::bigint IS NULL OR n.recipient_staff_id = $2::bigint)
             ORDER BY n.id""";

    private final Pool pool;
    private final ZoneId zone;

    public Deliveries(Pool pool, ZoneId zone) {
        this.pool = pool;
        this.zone = zone;
    }

    public Uni<List<Delivery>> ofTicket(long ticketId, Long onlyTo) {
        return pool.preparedQuery(OF_TICKET).execute(Tuple.of(ticketId, onlyTo)).map(rows -> {
            List<Delivery> out = new ArrayList<>();
            for (Row r : rows) {
                List<Attempt> tries = new ArrayList<>();
                for (Object o : new JsonArray(r.getString("tries"))) {
                    JsonObject a = (JsonObject) o;
                    tries.add(new Attempt(show(OffsetDateTime.parse(a.getString("at")).toInstant()),
                            a.getString("outcome"), a.getString("detail")));
                }
                out.add(new Delivery(r.getLong("id"), r.getString("kind"),
                        new Recipient(r.getLong("recipient_staff_id"), r.getString("name")), r.getString("channel"),
                        r.getString("state"), r.getInteger("attempts"), r.getString("last_error"),
                        show(r.getOffsetDateTime("created_at")), show(r.getOffsetDateTime("accepted_at")),
                        show(r.getOffsetDateTime("acknowledged_at")), r.getString("acknowledged_by"), tries));
            }
            return out;
        });
    }

    private OffsetDateTime show(OffsetDateTime t) {
        return t == null ? null : show(t.toInstant());
    }

    private OffsetDateTime show(Instant t) {
        return WireTime.show(t, zone);
    }
}
