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
 * it is taken up right after it, into any free slot, so a message woken for (a new one, a retry fallen due) waits
 * only for a free slot. Refilling after a claim that filled every slot waits until a quarter of them are free,
 * so a backlog is claimed in batches, not one by one.
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
    /** Set by a wake-up: messages may have come or fallen due since the last claim. */
    private final AtomicBoolean asked = new AtomicBoolean();
    /** Set when the last claim filled every free slot: more are probably due. */
    private final AtomicBoolean backlog = new AtomicBoolean();
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
        tryClaim();
    }

    private void tryClaim() {
        if (worthClaiming() && claiming.compareAndSet(false, true)) {
            next();
        }
    }

    /** Once the stop has begun: completes when the messages claimed before it are sent and recorded. */
    CompletableFuture<Void> drained() {
        checkDrained();
        return drained;
    }

    /**
     * Each side changes its own count first and then looks at both, so one of them sees the lane idle. The claim
     * is looked at before the sends: sends start only within a claim, and a claim begun after the stop was seen
     * starts none, so a lane seen without a claim and then without sends is idle for good.
     */
    private void checkDrained() {
        if (stopping.getAsBoolean() && !claiming.get() && inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    private boolean worthClaiming() {
        int free = slots - inFlight.get();
        return !stopping.getAsBoolean() && free > 0
                && (asked.get() || backlog.get() && (free == slots || free >= Math.max(1, slots / 4)));
    }

    /** Runs with {@link #claiming} held, and lets go of it when nothing more is to be claimed now. */
    private void next() {
        if (!worthClaiming()) {
            release();
            tryClaim(); // asked for meanwhile, or slots freed meanwhile: taken up unless another caller did
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
                backlog.set(batch.size() >= free);
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
                    tryClaim();
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
