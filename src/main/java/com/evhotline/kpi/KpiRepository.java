package com.evhotline.kpi;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/** The figures supervisors watch, computed from the records. */
@ApplicationScoped
public class KpiRepository {

    /** Major incidents received in [from, to) and how many of them have a leader told. */
    public record MajorIncidents(long recorded, long leadersTold) {
    }

    private final Pool pool;

    public KpiRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<MajorIncidents> majorIncidents(Instant from, Instant to) {
        return pool.preparedQuery("""
                        SELECT count(*) AS recorded,
                               count(*) FILTER (WHERE EXISTS (
                                   SELECT 1 FROM notification n JOIN staff_role r ON r.staff_id = n.recipient_staff_id
                                    WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND r.role = 'leader')) AS told
                          FROM ticket t
                         WHERE t.was_major_incident AND t.received_at >= $1 AND t.received_at < $2""")
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new MajorIncidents(r.getLong("recorded"), r.getLong("told"));
                });
    }
}
