package com.evhotline.deadline.engine;

import com.evhotline.deadline.EscalationConfig;
import com.evhotline.deadline.EscalationRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Vertx vertx;
    private final Clock clock;
    private final TimerWakeups wakeups;
    private final Counter fired;
    private final Counter breaches;
    private final Timer lateness;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long timerId = -1;
    private volatile Instant sleepingUntil = Instant.MAX;

    public DeadlineEngine(Pool pool, Vertx vertx, Clock clock, ZoneId zone, EscalationConfig config, MeterRegistry meters,
            TimerWakeups wakeups) {
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.wakeups = wakeups;
        this.fired = Counter.builder("hotline.timers.fired").description("deadline timers fired").register(meters);
        this.breaches = Counter.builder("hotline.deadlines.breached").description("deadlines breached").register(meters);
        this.lateness = Timer.builder("hotline.timers.lateness").description("how late timers fire after their instant")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("hotline.timers.pending", pending);
        meters.gauge("hotline.timers.lag.seconds", lagMillis, v -> v.get() / 1000.0);
        String instance = ManagementFactory.getRuntimeMXBean().getName();
        this.engine = new TimerEngine(pool, clock, new TimerEngine.Settings(instance, config.batchSize(),
                config.stepInterval(), config.retryAfter(), config.maxAttempts(), zone), ids -> { }, this::record);
    }

    /** The engine itself, for tests that drive the clock and fire what is due. */
    public TimerEngine engine() {
        return engine;
    }

    void start(@Observes StartupEvent start) {
        writeRules().await().atMost(Duration.ofSeconds(30));
        if (!config.enabled()) {
            LOG.info("The deadline engine is off in this instance (hotline.escalation.enabled=false)");
            return;
        }
        running.set(true);
        wakeups.listen(this::wakeAt);
        vertx.runOnContext(this::tick);
    }

    void stop(@Observes ShutdownEvent stop) {
        running.set(false);
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Writes the configured chains into the database, where the engine's firing statement reads them. */
    Uni<Void> writeRules() {
        List<EscalationRules.Rule> rules = EscalationRules.expand(config.chains());
        List<Tuple> rows = rules.stream().map(r -> Tuple.of(r.category().name(), r.shift().name(), r.kind().name(),
                r.stage(), r.step(), r.recipients().toArray(String[]::new))).toList();
        return pool.withTransaction(conn -> conn.query("DELETE FROM escalation_rule").execute()
                .chain(() -> conn.preparedQuery("INSERT INTO escalation_rule (category, shift, deadline_kind, stage, step,"
                        + " recipients) VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(rows))
                .replaceWithVoid());
    }

    /** A timer due at {@code due} was written: wake now if that is sooner than the current sleep. */
    public void wakeAt(Instant due) {
        if (running.get() && due.isBefore(sleepingUntil)) {
            vertx.runOnContext(this::tick);
        }
    }

    private void tick() {
        if (!running.get() || !busy.compareAndSet(false, true)) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        sleepingUntil = Instant.MIN;
        engine.runDue()
                .chain(engine::drainLog)
                .chain(ignored -> engine.nextDue())
                .call(next -> engine.pendingCount().invoke(pending::set))
                .subscribe().with(this::sleepUntil, e -> {
                    LOG.errorf("The deadline engine failed a round (%s); it tries again in %s", e.getMessage(),
                            config.safetySweep());
                    sleepUntil(null);
                });
    }

    private void sleepUntil(Instant next) {
        Instant now = clock.instant();
        lagMillis.set(next == null || next.isAfter(now) ? 0 : Duration.between(next, now).toMillis());
        Instant sweep = now.plus(config.safetySweep());
        Instant wake = next == null || next.isAfter(sweep) ? sweep : next;
        sleepingUntil = wake;
        busy.set(false);
        if (!running.get()) {
            return;
        }
        long delay = Math.max(1, Duration.between(now, wake).toMillis());
        timerId = vertx.setTimer(delay, id -> tick());
    }

    private void record(TimerEngine.Batch batch) {
        fired.increment(batch.fired());
        breaches.increment(batch.breaches());
        batch.latenessMs().forEach(ms -> lateness.record(Math.max(0, ms), TimeUnit.MILLISECONDS));
        if (batch.nextEscalation() != null) {
            wakeAt(batch.nextEscalation());
        }
    }

    /** How far behind the oldest due timer is, in milliseconds (0 when nothing is overdue). */
    public long lagMillis() {
        return lagMillis.get();
    }

    public boolean isRunning() {
        return running.get();
    }
}
