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
    private volatile long rounds;

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
        boolean countPending = rounds++ % 50 == 0;
        engine.runDue()
                .chain(engine::drainLog)
                .chain(ignored -> engine.nextDue())
                .call(next -> countPending ? engine.pendingCount().invoke(pendingGauge::accept) : Uni.createFrom().voidItem())
                .subscribe().with(this::sleepUntil, e -> {
                    LOG.errorf("The deadline engine failed a round (%s); it tries again within %s", e.getMessage(),
                            safetySweep);
                    sleepUntil(null);
                });
    }

    private void sleepUntil(Instant next) {
        Instant now = clock.instant();
        lagMillis.set(next == null || next.isAfter(now) ? 0 : Duration.between(next, now).toMillis());
        Instant sweep = now.plus(safetySweep);
        Instant wake = next == null || next.isAfter(sweep) ? sweep : next;
        if (wokenWhileBusy.getAndSet(false)) {
            wake = now;
        }
        sleepingUntil = wake;
        busy.set(false);
        if (!running.get()) {
            return;
        }
        long delay = Math.max(1, Duration.between(now, wake).toMillis());
        timerId = vertx.setTimer(delay, id -> tick());
    }

    /** How far behind the oldest due timer was at the end of the last round, in milliseconds. */
    public long lagMillis() {
        return lagMillis.get();
    }

    public boolean isRunning() {
        return running.get();
    }
}
