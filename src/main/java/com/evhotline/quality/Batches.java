package com.evhotline.quality;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The batch quality problems flagged, newest first, each with its tickets. */
@ApplicationScoped
public class Batches {

    /** A flag and its tickets. */
    public record Batch(long id, String fault, int vehicles, Instant firstReceivedAt, Instant lastReceivedAt,
            Instant flaggedAt, Instant updatedAt, List<Member> tickets) {
    }

    public record Member(long ticketId, String number, String vin, Instant receivedAt) {
    }

    static final String LIST = """
            WITH b AS (SELECT * FROM quality_batch ORDER BY flagged_at DESC, id DESC LIMIT $1)
            SELECT b.id, b.fault, b.vehicles, b.first_received_at, b.last_received_at, b.flagged_at, b.updated_at,
                   m.ticket_id, t.number, m.vin, m.received_at
              FROM b JOIN quality_batch_ticket m ON m.batch_id = b.id JOIN ticket t ON t.id = m.ticket_id
             ORDER BY b.flagged_at DESC, b.id DESC, m.received_at, m.ticket_id""";

    private final Pool pool;

    public Batches(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Batch>> newest(int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(limit)).map(rows -> {
            Map<Long, Batch> out = new LinkedHashMap<>();
            for (Row r : rows) {
                Batch b = out.computeIfAbsent(r.getLong("id"), id -> new Batch(id, r.getString("fault"),
                        r.getInteger("vehicles"), r.getOffsetDateTime("first_received_at").toInstant(),
                        r.getOffsetDateTime("last_received_at").toInstant(), r.getOffsetDateTime("flagged_at").toInstant(),
                        r.getOffsetDateTime("updated_at").toInstant(), new ArrayList<>()));
                b.tickets().add(new Member(r.getLong("ticket_id"), r.getString("number"), r.getString("vin"),
                        r.getOffsetDateTime("received_at").toInstant()));
            }
            return List.copyOf(out.values());
        });
    }
}
