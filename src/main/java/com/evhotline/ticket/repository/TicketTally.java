package com.evhotline.ticket.repository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * How many tickets a list's filters (status, category, received from, to) match, without counting millions of
 * rows: the whole UTC days of the period from the tally the database keeps of every ticket written (migration V25),
 * the parts of days at its edges from the tickets themselves.
 */
@ApplicationScoped
public class TicketTally {

    private static final Logger LOG = Logger.getLogger(TicketTally.class);

    /**
     * Tickets of status $3 and category $4 (null: any) received on whole UTC days [$1, $2) (null: unbounded) or in
     * [$5, $6) or [$7, $8) (the edges; null: none).
     */
    private static final String COUNT = """
            SELECT coalesce((SELECT sum(n) FROM ticket_tally
                              WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
                                AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR category = $4)), 0)
                   + (SELECT count(*) FROM ticket
                       WHERE ((received_at >= $5 AND received_at < $6) OR (received_at >= $7 AND received_at < $8))
                         AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR category = $4)) AS n""";

    /**
     * The tally's rows of one day, status and category folded into one (none when they add up to nothing); rows
     * written meanwhile are not in this statement's snapshot and stay as they are.
     */
    private static final String FOLD = """
            WITH folded AS (
                DELETE FROM ticket_tally t
                 WHERE (t.day, t.status, t.category) IN (SELECT day, status, category FROM ticket_tally
                                                          GROUP BY 1, 2, 3 HAVING count(*) > 1)
                RETURNING t.day, t.status, t.category, t.n)
            INSERT INTO ticket_tally (day, status, category, n)
            SELECT day, status, category, sum(n) FROM folded GROUP BY 1, 2, 3 HAVING sum(n) <> 0""";

    private final Pool pool;

    public TicketTally(Pool pool) {
        this.pool = pool;
    }

    /** The tickets of status and category (null: any) received in [from, to) (null: unbounded). */
    public Uni<Long> count(String status, String category, Instant from, Instant to) {
        LocalDate firstDay = from == null ? null : dayOf(from.atOffset(ZoneOffset.UTC).toLocalDate(), from);
        LocalDate endDay = to == null ? null : to.atOffset(ZoneOffset.UTC).toLocalDate();
        Object[] edges = new Object[4];
        if (firstDay != null && endDay != null && !firstDay.isBefore(endDay)) {
            // no whole day between them: all of it from the tickets
            edges[0] = utc(from);
            edges[1] = utc(to);
            firstDay = endDay;
        } else {
            if (from != null && from.isBefore(start(firstDay))) {
                edges[0] = utc(from);
                edges[1] = utc(start(firstDay));
            }
            if (to != null && start(endDay).isBefore(to)) {
                edges[2] = utc(start(endDay));
                edges[3] = utc(to);
            }
        }
        return pool.preparedQuery(COUNT).execute(Tuple.from(Arrays.asList(firstDay, endDay, status, category,
                        edges[0], edges[1], edges[2], edges[3])))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Every ten minutes: the rows the writes appended, folded per day, status and category. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> fold() {
        return pool.query(FOLD).execute().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("could not fold the ticket tally: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The first whole UTC day from {@code at}: its own when it starts the day, else the next. */
    private static LocalDate dayOf(LocalDate day, Instant at) {
        return start(day).equals(at) ? day : day.plusDays(1);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
