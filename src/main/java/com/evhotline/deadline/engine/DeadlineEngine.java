package com.evhotline.deadline.engine;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.common.StartupLoads;
import com.evhotline.deadline.EscalationConfig;
import com.evhotline.deadline.EscalationRules;
import com.evhotline.roster.RosterService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs this instance's timer engine: fires what is due at start (oldest first, lateness recorded),
 * then sleeps until the next due instant, woken early by {@code NOTIFY hotline_timers} from any
 * instance when a sooner timer is written, and never longer than the safety sweep.
 */
@ApplicationScoped
public class DeadlineEngine {

    public static final String CHANNEL = "hotline_timers";
    private static final Logger LOG = Logger.getLogger(DeadlineEngine.class);

    private final TimerEngine engine;
    private final EscalationConfig config;
    private final Pool pool;
    private final TimerWakeups wakeups;
    private final Counter fired;
    private final Counter breaches;
    private final Timer lateness;
    private final AtomicLong pending = new AtomicLong();
    private final EngineLoop loop;

    private final com.evhotline.deadline.CategoryNames categories;

    public DeadlineEngine(Pool pool, Vertx vertx, Clock clock, ZoneId zone, EscalationConfig config, MeterRegistry meters,
            TimerWakeups wakeups, com.evhotline.deadline.CategoryNames categories, CalendarService calendar,
            RosterService roster) {
        this.categories = categories;
        this.pool = pool;
        this.config = config;
        this.wakeups = wakeups;
        this.fired = Counter.builder("hotline.timers.fired").description("deadline timers fired").register(meters);
        this.breaches = Counter.builder("hotline.deadlines.breached").description("deadlines breached").register(meters);
        this.lateness = Timer.builder("hotline.timers.lateness").description("how late timers fire after their instant")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("hotline.timers.pending", pending);
        meters.gauge("hotline.timers.lag.seconds", this, e -> e.lagMillis() / 1000.0);
        String instance = ManagementFactory.getRuntimeMXBean().getName();
        // the calendar and the roster of the instant a timer fires say who is told
        Responsible responsible = at -> {
            ServiceCalendar cal = calendar.current();
            return new Responsible.At(cal.isOfficeHours(at), cal.shiftAt(at),
                    roster.onDutyAt(at).stream().map(RosterService.OnDuty::staffId).toList());
        };
        this.engine = new TimerEngine(pool, clock, new TimerEngine.Settings(instance, config.batchSize(),
                config.stepInterval(), config.repeatInterval(), config.retryAfter(), config.maxAttempts(), zone),
                responsible, ids -> { }, this::record);
        this.loop = new EngineLoop(engine, vertx, clock, config.safetySweep(), pending::set);
    }

    /** The engine itself, for tests that drive the clock and fire what is due. */
    public TimerEngine engine() {
        return engine;
    }

    void start(@Observes StartupEvent start, StartupLoads loads) {
        loads.begin("writing the escalation rules", this::writeRules);
    }

    /** The engine runs once the rules it fires by are written. */
    void run(@Observes @Priority(StartupLoads.AFTER_LOADS) StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("The deadline engine is off in this instance (hotline.escalation.enabled=false)");
            return;
        }
        wakeups.listen(loop::wakeAt).subscribe().with(listening -> { }, e -> { });
        loop.start();
    }

    /** Every ten seconds: the pending timers counted for the gauge (a scan kept off the firing path). */
    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> countPending() {
        return loop.countPending();
    }

    /**
     * Every second (the scheduler's finest step): the notifications the rounds logged, written apart so
     * their commits never delay a timer.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drainLog() {
        return loop.drainLog();
    }

    void stop(@Observes ShutdownEvent stop) {
        loop.stop();
        wakeups.close();
    }

    /** Writes the configured chains into the database, where the engine's firing statement reads them. */
    Uni<Void> writeRules() {
        List<EscalationRules.Rule> rules = EscalationRules.expand(config.chains(), categories.names());
        List<Tuple> rows = rules.stream().map(r -> Tuple.of(r.category(), r.shift().name(), r.kind().name(),
                r.stage(), r.step(), r.recipients().toArray(String[]::new))).toList();
        // instances starting together take turns, or the second one's insert would meet the first one's rows
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(20261127)").execute()
                .chain(() -> conn.query("DELETE FROM escalation_rule").execute())
                .chain(() -> conn.preparedQuery("INSERT INTO escalation_rule (category, shift, deadline_kind, stage, step,"
                        + " recipients) VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(rows))
                .replaceWithVoid());
    }

    private void record(TimerEngine.Batch batch) {
        fired.increment(batch.fired());
        breaches.increment(batch.breaches());
        batch.latenessMs().forEach(ms -> lateness.record(Math.max(0, ms), TimeUnit.MILLISECONDS));
    }

    /** How far behind the oldest due timer is, in milliseconds (0 when nothing is overdue). */
    public long lagMillis() {
        return loop.lagMillis();
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Time since the loop last finished a round (it rounds at least every safety sweep). */
    public long millisSinceLastRound() {
        return loop.millisSinceLastRound();
    }
}
