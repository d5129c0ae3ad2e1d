package com.evhotline.delivery;

import com.evhotline.notification.Outbox.Message;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One channel's sending: up to {@code slots} of its due messages are in flight, and freed slots are filled by
 * the next claim. A mail server or a PBX that does not answer thus holds only its own channel's slots, never
 * another channel's messages nor the planning of new ones. One claim runs at a time; a wake-up that comes during
 * it is taken up right after it, so no due message waits for more than the next wake-up. While every slot is
 * busy, a claim waits until a quarter of them are free, so a backlog is claimed in batches, not one by one.
 */
final class DeliveryLane {

    private static final Logger LOG = Logger.getLogger(DeliveryLane.class);

    /** Hands out up to {@code limit} of a channel's due messages, each held until {@code leaseUntil}. */
    @FunctionalInterface
    interface Claim {
        Uni<List<Message>> due(Instant now, Instant leaseUntil, String channel, int limit);
    }

    private final String channel;
    private final int slots;
    private final Claim claim;
    private final Clock clock;
    private final Duration lease;
    private final Function<Message, Uni<Void>> deliver;
    private final BooleanSupplier stopping;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Held by the one claim running. */
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** Set when more may be due: a wake-up, or a claim that filled every free slot. */
    private final AtomicBoolean asked = new AtomicBoolean();
    /** Completes once the stop has begun and neither a claim nor a send is running. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    DeliveryLane(String channel, int slots, Claim claim, Clock clock, Duration lease,
            Function<Message, Uni<Void>> deliver, BooleanSupplier stopping) {
        this.channel = channel;
        this.slots = slots;
        this.claim = claim;
        this.clock = clock;
        this.lease = lease;
        this.deliver = deliver;
        this.stopping = stopping;
    }

    String channel() {
        return channel;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Claims the channel's due messages now, or right after the claim running. */
    void wake() {
        asked.set(true);
        if (claiming.compareAndSet(false, true)) {
            next();
        }
    }

    /** Once the stop has begun: completes when the messages claimed before it are sent and recorded. */
    CompletableFuture<Void> drained() {
        checkDrained();
        return drained;
    }

    /** Each side changes its own count first and then looks at both, so one of them sees the lane idle. */
    private void checkDrained() {
        if (stopping.getAsBoolean() && inFlight.get() == 0 && !claiming.get()) {
            drained.complete(null);
        }
    }

    private boolean worthClaiming() {
        int busy = inFlight.get();
        return !stopping.getAsBoolean() && asked.get() && (busy == 0 || slots - busy >= Math.max(1, slots / 4));
    }

    /** Runs with {@link #claiming} held, and lets go of it when nothing more is to be claimed now. */
    private void next() {
        if (!worthClaiming()) {
            release();
            // asked for meanwhile, or slots freed meanwhile: take it up unless another caller did
            if (worthClaiming() && claiming.compareAndSet(false, true)) {
                next();
            }
            return;
        }
        asked.set(false);
        int free = slots - inFlight.get();
        Instant now = clock.instant();
        Uni<List<Message>> claimed;
        try {
            claimed = claim.due(now, now.plus(lease), channel, free);
        } catch (RuntimeException e) {
            claimFailed(e);
            return;
        }
        claimed.subscribe().with(batch -> {
            try {
                if (batch.size() >= free) {
                    asked.set(true); // every free slot taken: more may be due as soon as some free up
                }
                batch.forEach(this::send); // also once the stop has begun: their attempt is counted, the stop waits
            } catch (RuntimeException e) {
                claimFailed(e);
                return;
            }
            next();
        }, this::claimFailed);
    }

    private void release() {
        claiming.set(false);
        checkDrained();
    }

    private void claimFailed(Throwable e) {
        release(); // the next wake-up (at the latest the worker's next second) claims again
        if (stopping.getAsBoolean()) {
            LOG.debugf("claiming %s messages cut short by the stop: %s", channel, e.getMessage());
        } else {
            LOG.errorf(e, "claiming %s messages failed; trying again in a second", channel);
        }
    }

    private void send(Message m) {
        inFlight.incrementAndGet();
        Uni.createFrom().deferred(() -> deliver.apply(m))
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    checkDrained();
                    if (asked.get()) {
                        wake();
                    }
                })
                .subscribe().with(x -> { }, e -> {
                    if (stopping.getAsBoolean()) {
                        LOG.debugf("message %d by %s cut short by the stop: %s", m.id(), channel, e.getMessage());
                    } else {
                        // its lease runs out and it is claimed again with the same id
                        LOG.errorf(e, "message %d by %s could not be recorded; sent again when its lease ends", m.id(), channel);
                    }
                });
    }
}
