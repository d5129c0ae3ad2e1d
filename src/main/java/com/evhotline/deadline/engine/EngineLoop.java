package com.evhotline.deadline.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The claim loop of one instance: fires what is due, then sleeps until the next due instant (never
 * longer than the safety sweep), and wakes early when told of a sooner timer. No fixed polling.
 */
public final class EngineLoop {

    private static final Logger LOG = Logger.getLogger(EngineLoop.class);

    private final TimerEngine engine;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration safetySweep;
    private final LongConsumer pendingGauge;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean wokenWhileBusy = new AtomicBoolean();
    private final AtomicLong lagMillis = new AtomicLong();
    private volatile long timerId = -1;
    private volatile Instant sleepingUntil = Instant.MAX;
    private volatile int firedLastRound;
    private volatile Instant lastRoundAt = Instant.MIN;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(30);
    private static final Duration HELD_ELSEWHERE = Duration.ofMillis(50);

    public EngineLoop(TimerEngine engine, Vertx vertx, Clock clock, Duration safetySweep, LongConsumer pendingGauge) {
        this.engine = engine;
        this.vertx = vertx;
        this.clock = clock;
        this.safetySweep = safetySweep;
        this.pendingGauge = pendingGauge;
    }

    public void start() {
        running.set(true);
        vertx.runOnContext(this::tick);
    }

    /** Counting what is pending scans an index: kept off the firing path, and done every ten seconds. */
    Uni<Void> countPending() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        return engine.pendingCount().invoke(pendingGauge::accept).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("Cannot count pending timers: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public void stop() {
        running.set(false);
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** A timer due at {@code due} was written: wake now if that is sooner than the current sleep. */
    public void wakeAt(Instant due) {
        if (!running.get()) {
            return;
        }
        if (busy.get()) {
            wokenWhileBusy.set(true); // the round in progress may have missed it: go again at once
        } else if (due.isBefore(sleepingUntil)) {
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
        wokenWhileBusy.set(false);
        sleepingUntil = Instant.MIN;
        engine.runDue()
                .invoke(fired -> firedLastRound = fired)
                .chain(ignored -> engine.nextDue())
                // a round that hangs on a dead connection must not stop the engine for good
                .ifNoItem().after(ROUND_LIMIT).fail()
                .subscribe().with(this::sleepUntil, e -> {
                    if (!running.get()) { // the stop closed the pool under the round: the next start sweeps
                        LOG.debugf("The deadline engine's last round was cut short by the stop: %s", e.getMessage());
                        busy.set(false);
                        return;
                    }
                    LOG.errorf("The deadline engine failed a round (%s); it tries again within %s", e.getMessage(),
                            safetySweep);
                    sleepUntil(null);
                });
    }

    private void sleepUntil(Instant next) {
        Instant now = clock.instant();
        lastRoundAt = now;
        lagMillis.set(next == null || next.isAfter(now) ? 0 : Duration.between(next, now).toMillis());
        Instant sweep = now.plus(safetySweep);
        Instant wake = next == null || next.isAfter(sweep) ? sweep : next;
        if (firedLastRound == 0 && !wake.isAfter(now)) {
            wake = now.plus(HELD_ELSEWHERE); // due but claimed by a peer (or being met): do not spin on it
        }
        sleepingUntil = wake;
        busy.set(false);
        if (!running.get()) {
            return;
        }
        if (wokenWhileBusy.getAndSet(false)) {
            vertx.runOnContext(this::tick); // a sooner timer was written while the round ran
            return;
        }
        long delay = Math.max(1, Duration.between(now, wake).toMillis());
        timerId = vertx.setTimer(delay, id -> tick());
    }

    /** Writes the log's notifications apart from the firing path, so their commits never delay a timer. */
    Uni<Void> drainLog() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        return engine.drainLog().replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("Cannot write notifications to the log: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Time since the last round ended; a running engine that has not finished one for a minute is stuck. */
    public long millisSinceLastRound() {
        Instant last = lastRoundAt;
        return last.equals(Instant.MIN) ? 0 : Math.max(0, Duration.between(last, clock.instant()).toMillis());
    }

    /** How far behind the oldest due timer was at the end of the last round, in milliseconds. */
    public long lagMillis() {
        return lagMillis.get();
    }

    public boolean isRunning() {
        return running.get();
    }
}
