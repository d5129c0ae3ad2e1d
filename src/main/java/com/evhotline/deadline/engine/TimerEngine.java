package com.evhotline.deadline.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Fires due deadline timers exactly once across all instances sharing the database: one claim
 * loop per instance takes a batch with {@code FOR UPDATE SKIP LOCKED}, fires it with one set-based
 * statement and marks it in the same transaction. If the batch fails, its timers are fired one by
 * one in transactions of their own, so one bad timer neither rolls back nor holds up the others; it is
 * retried with backoff and, after the last attempt, raised as an alert.
 */
public final class TimerEngine {

    private static final Logger LOG = Logger.getLogger(TimerEngine.class);

    /**
     * Settings of one engine instance: escalation steps every {@code escalationInterval} until the
     * chain's last step, which then repeats every {@code repeatInterval}.
     */
    public record Settings(String instance, int batchSize, Duration escalationInterval, Duration repeatInterval,
            Duration retryAfter, int maxAttempts, ZoneId zone) {
    }

    /** What one batch did. */
    public record Batch(int claimed, int fired, int cancelled, int failed, int breaches, List<Long> latenessMs,
            Instant nextEscalation) {
        static final Batch EMPTY = new Batch(0, 0, 0, 0, 0, List.of(), null);
    }

    /** Called between claim and effect; a test seam for a crash at the worst moment. */
    public interface ClaimHook {
        void claimed(List<Long> timerIds);
    }

    private final Pool pool;
    private final Clock clock;
    private final Settings settings;
    private final ClaimHook hook;
    private final Consumer<Batch> onBatch;
    private final Responsible responsible;

    public TimerEngine(Pool pool, Clock clock, Settings settings, Responsible responsible, ClaimHook hook,
            Consumer<Batch> onBatch) {
        this.responsible = responsible;
        this.pool = pool;
        this.clock = clock;
        this.settings = settings;
        this.hook = hook;
        this.onBatch = onBatch;
    }

    /** Fires everything due now, oldest first, batch after batch; answers how many timers fired. */
    public Uni<Integer> runDue() {
        return runBatch()
                .repeat().whilst(b -> b.claimed() == settings.batchSize())
                .collect().in(() -> new int[1], (sum, b) -> sum[0] += b.fired())
                .map(sum -> sum[0]);
    }

    /** Claims and fires one batch of due timers in one transaction, as of the moment it is subscribed. */
    public Uni<Batch> runBatch() {
        return Uni.createFrom().deferred(() -> runBatchAt(clock.instant()));
    }

    private Uni<Batch> runBatchAt(Instant now) {
        return inTransaction(conn -> conn.query(TimerSql.SESSION_LIMITS).execute()
                        .chain(() -> conn.preparedQuery(TimerSql.CLAIM).execute(Tuple.of(utc(now), settings.batchSize())))
                        .map(TimerEngine::ids)
                        .invoke(hook::claimed)
                        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(Batch.EMPTY)
                                : fire(conn, ids, now).onFailure().transform(e -> new BatchFailed(ids, e))))
                .onFailure(BatchFailed.class).recoverWithUni(e -> {
                    BatchFailed failed = (BatchFailed) e;
                    LOG.warnf("A batch of %d timers failed (%s); firing them one by one", failed.ids.size(),
                            failed.getCause().getMessage());
                    return fireOneByOne(failed.ids, now);
                })
                .invoke(onBatch);
    }

    /**
     * One transaction on one connection, rolled back when the work fails; the session limits bound
     * how long a cut-off instance can hold what it claimed.
     */
    private <T> Uni<T> inTransaction(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The earliest pending due instant, or null when nothing is pending. */
    public Uni<Instant> nextDue() {
        return pool.preparedQuery(TimerSql.NEXT_DUE).execute() // binary: any stored year decodes
                .map(rows -> {
                    OffsetDateTime t = rows.iterator().next().getOffsetDateTime(0);
                    return t == null ? null : t.toInstant();
                });
    }

    public Uni<Long> pendingCount() {
        return pool.query(TimerSql.PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Writes LOG notifications to the service log, once each across the cluster. */
    public Uni<Integer> drainLog() {
        return pool.preparedQuery(com.evhotline.notification.NotificationService.TAKE_LOG).execute(Tuple.of(utc(clock.instant())))
                .invoke(rows -> rows.forEach(r -> LOG.warnf("[%s] %s (ticket %s)", r.getString("kind"),
                        r.getString("subject"), r.getLong("ticket_id"))))
                .map(RowSet::rowCount);
    }

    /**
     * Each timer of a failed batch in a transaction of its own, so one bad timer cannot hold up the
     * others; a timer that fails again has its failure recorded in yet another transaction.
     */
    private Uni<Batch> fireOneByOne(List<Long> ids, Instant now) {
        Uni<Batch> total = Uni.createFrom().item(new Batch(ids.size(), 0, 0, 0, 0, List.of(), null));
        for (Long id : ids) {
            total = total.chain(sum -> inTransaction(conn -> conn.preparedQuery(TimerSql.CLAIM_ONE)
                            .execute(Tuple.of(id, utc(now)))
                            .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(Batch.EMPTY)
                                    : fire(conn, List.of(id), now)))
                    .onFailure().recoverWithUni(e -> inTransaction(conn -> recordFailure(conn, id, e, now)))
                    .map(one -> add(sum, one)));
        }
        return total;
    }

    private Uni<Batch> fire(SqlConnection conn, List<Long> ids, Instant now) {
        Responsible.At at = responsible.at(now);
        Tuple args = Tuple.from(List.of(ids.toArray(Long[]::new), utc(now), settings.escalationInterval().toSeconds(),
                settings.instance(), settings.zone().getId(), at.officeHours(), at.shift().name(),
                at.onDuty().toArray(Long[]::new), settings.repeatInterval().toSeconds()));
        return conn.preparedQuery(TimerSql.FIRE).execute(args).map(rows -> {
            int fired = 0;
            int cancelled = 0;
            int breaches = 0;
            Instant next = null;
            List<Long> lateness = new ArrayList<>();
            for (Row r : rows) {
                if ("FIRED".equals(r.getString("state"))) {
                    fired++;
                    lateness.add(r.getLong("lateness_ms"));
                } else {
                    cancelled++;
                }
                breaches = r.getLong("breaches").intValue();
                OffsetDateTime n = r.getOffsetDateTime("next_due");
                next = n == null ? next : n.toInstant();
            }
            return new Batch(ids.size(), fired, cancelled, 0, breaches, lateness, next);
        });
    }

    private Uni<Batch> recordFailure(SqlConnection conn, Long id, Throwable error, Instant now) {
        String message = String.valueOf(error.getMessage());
        LOG.errorf("Deadline timer %d failed to fire: %s", id, message);
        return conn.preparedQuery(TimerSql.FAILED)
                .execute(Tuple.of(id, message, settings.retryAfter().toSeconds(), settings.maxAttempts(), utc(now)))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().voidItem(); // fired or cancelled meanwhile: nothing to record
                    }
                    Row r = rows.iterator().next();
                    if (!"FAILED".equals(r.getString("state"))) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.errorf("Deadline timer %d gave up after %d attempts; supervisors are alerted", id,
                            settings.maxAttempts());
                    return conn.preparedQuery(TimerSql.ALERT_FAILED)
                            .execute(Tuple.of(id, utc(now), r.getLong("ticket_id"), r.getLong("deadline_id"), message))
                            .replaceWithVoid();
                })
                .map(ignored -> new Batch(0, 0, 0, 1, 0, List.of(), null));
    }

    private static Batch add(Batch a, Batch b) {
        List<Long> lateness = new ArrayList<>(a.latenessMs());
        lateness.addAll(b.latenessMs());
        Instant next = a.nextEscalation() == null ? b.nextEscalation()
                : b.nextEscalation() == null || a.nextEscalation().isBefore(b.nextEscalation()) ? a.nextEscalation()
                : b.nextEscalation();
        return new Batch(a.claimed(), a.fired() + b.fired(), a.cancelled() + b.cancelled(), a.failed() + b.failed(),
                a.breaches() + b.breaches(), lateness, next);
    }

    /** A batch whose firing statement failed, with the timers it had claimed. */
    private static final class BatchFailed extends RuntimeException {
        private final List<Long> ids;

        BatchFailed(List<Long> ids, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.ids = ids;
        }
    }

    private static List<Long> ids(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
