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

    /**
     * Major incidents received in [from, to): how many have a leader told in the inbox, how many reached a leader's
     * phone (an SMS the gateway accepted, a call answered, a message acknowledged), and how long after the ticket
     * opened the first leader was reached (average and longest, seconds; null when none was). A leader is someone who
     * held the role when told, as the figures of {@link KpiQueries} count them.
     */
    public record MajorIncidents(long recorded, long leadersTold, long leadersReached, long leaderPeopleTold,
            long leaderPeopleReached, Double secondsToReachAverage, Double secondsToReachLongest) {
    }

    private final Pool pool;

    public KpiRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<MajorIncidents> majorIncidents(Instant from, Instant to) {
        return pool.preparedQuery("""
                        WITH m AS (
                            SELECT t.id, t.created_at,
                                   EXISTS (SELECT 1 FROM notification n
                                            WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND n.recipient_was_leader)
                                       AS told,
                                   (SELECT min(coalesce(n.accepted_at, n.acknowledged_at))
                                      FROM notification n
                                     WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND n.recipient_was_leader
                                       AND %1$s) AS reached_at,
                                   (SELECT count(DISTINCT n.recipient_staff_id)
                                      FROM notification n
                                     WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND n.recipient_was_leader)
                                       AS leaders_told,
                                   (SELECT count(DISTINCT n.recipient_staff_id)
                                      FROM notification n
                                     WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND n.recipient_was_leader
                                       AND %1$s) AS leaders_reached
                              FROM ticket t
                             WHERE t.was_major_incident AND t.received_at >= $1 AND t.received_at < $2)
                        SELECT count(*) AS recorded, count(*) FILTER (WHERE told) AS told,
                               count(reached_at) AS reached,
                               coalesce(sum(leaders_told), 0) AS leader_people_told,
                               coalesce(sum(leaders_reached), 0) AS leader_people_reached,
                               avg(extract(epoch FROM reached_at - created_at))::float8 AS average,
                               max(extract(epoch FROM reached_at - created_at))::float8 AS longest
                          FROM m""".formatted(KpiQueries.LEADER_REACHED))
                .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new MajorIncidents(r.getLong("recorded"), r.getLong("told"), r.getLong("reached"),
                            r.getLong("leader_people_told"), r.getLong("leader_people_reached"), r.getDouble("average"),
                            r.getDouble("longest"));
                });
    }
}
