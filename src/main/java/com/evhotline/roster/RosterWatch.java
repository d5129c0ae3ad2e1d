package com.evhotline.roster;

import com.evhotline.notification.NotificationService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;

/**
 * Every minute reads the roster again and looks at the on-duty chain; when it is empty, tells the
 * supervisors and administrators (web inbox and log), at most once an hour: a forwarded call would find nobody.
 */
@ApplicationScoped
public class RosterWatch {

    private static final Logger LOG = Logger.getLogger(RosterWatch.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private final RosterService roster;
    private final Pool pool;
    private final Clock clock;

    public RosterWatch(RosterService roster, Pool pool, Clock clock) {
        this.roster = roster;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Every minute. Returning a {@code Uni} makes it non-blocking: the scheduler runs it on a duplicated
     * context marked safe, as the roster's reload (a Hibernate Reactive session) needs.
     */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> minute() {
        return refreshAndCheck()
                .onFailure().invoke(e -> LOG.errorf("Cannot check the on-duty chain: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Every minute: the roster is read again (a change made through another instance, a reload that
     * failed after a change, the two-day window moving on), then the chain is checked.
     */
    Uni<Integer> refreshAndCheck() {
        return roster.reload()
                .onFailure().invoke(e -> LOG.errorf("Cannot reload the roster from the database (%s): routing goes on"
                        + " with the roster as last read", e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(this::checkNow);
    }

    /** Checks the chain now; answers how many people were told (0 when someone is on duty or already told this hour). */
    public Uni<Integer> checkNow() {
        Instant now = clock.instant();
        if (!roster.onDutyAt(now).isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String source = "roster-empty:" + HOUR.format(now);
        String subject = "Nobody is on duty: put someone on the roster (forwarded calls reach only the emergency mobile)";
        return pool.preparedQuery("""
                        WITH tell AS (
                            SELECT 1 AS key, $2::text AS source, 'ROSTER_EMPTY' AS kind, NULL::bigint AS ticket_id,
                                   NULL::bigint AS deadline_id, $3::text AS subject, NULL::bigint AS owner),
                        """ + NotificationService.tellCtes("tell", "$1::timestamptz") + """
                        SELECT (SELECT count(*) FROM web), (SELECT count(*) FROM log)""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), source, subject))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    // once an hour at ERROR, with the alert; the minute's checks in between at DEBUG
                    LOG.logf(r.getLong(1) > 0 ? Logger.Level.ERROR : Logger.Level.DEBUG,
                            "Nobody is on duty: forwarded calls would reach only the emergency mobile (%d told)",
                            r.getLong(0));
                    return r.getLong(0).intValue();
                });
    }
}
