package com.evhotline.delivery;

import com.evhotline.notification.Outbox;
import com.evhotline.notification.Outbox.Message;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One channel's sending: up to {@code slots} of its due messages are in flight, and a slot that frees up is
 * filled by the next claim. A mail server or a PBX that does not answer thus holds only its own channel's slots,
 * never another channel's messages nor the planning of new ones. One claim runs at a time; a wake-up that comes
 * during it is taken up right after it, so no due message waits for more than the next wake-up.
 */
final class DeliveryLane {

    private static final Logger LOG = Logger.getLogger(DeliveryLane.class);

    private final String channel;
    private final int slots;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration lease;
    private final Function<Message, Uni<Void>> deliver;
    private final BooleanSupplier stopping;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Held by the one claim running. */
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** Set when more may be due: a wake-up, or a claim that filled every free slot. */
    private final AtomicBoolean asked = new AtomicBoolean();

    DeliveryLane(String channel, int slots, Outbox outbox, Clock clock, Duration lease,
            Function<Message, Uni<Void>> deliver, BooleanSupplier stopping) {
        this.channel = channel;
        this.slots = slots;
        this.outbox = outbox;
        this.clock = clock;
        this.lease = lease;
        this.deliver = deliver;
        this.stopping = stopping;
    }

    String channel() {
        return channel;
    }

    /** Claims the channel's due messages now, or right after the claim running. */
    void wake() {
        asked.set(true);
        if (claiming.compareAndSet(false, true)) {
            next();
        }
    }

    /** Runs with {@link #claiming} held, and lets go of it when nothing more can be claimed. */
    private void next() {
        int free = slots - inFlight.get();
        if (stopping.getAsBoolean() || free <= 0 || !asked.getAndSet(false)) {
            claiming.set(false);
            // asked for meanwhile (or a slot freed meanwhile): take it up unless another caller did
            if (!stopping.getAsBoolean() && asked.get() && slots - inFlight.get() > 0 && claiming.compareAndSet(false, true)) {
                next();
            }
            return;
        }
        Instant now = clock.instant();
        outbox.claim(now, now.plus(lease), new String[] { channel }, free).subscribe().with(batch -> {
            if (batch.size() >= free) {
                asked.set(true); // every free slot taken: more may be due as soon as one frees up
            }
            batch.forEach(this::send);
            next();
        }, e -> {
            claiming.set(false); // the next wake-up (at the latest the worker's next second) claims again
            if (stopping.getAsBoolean()) {
                LOG.debugf("claiming %s messages cut short by the stop: %s", channel, e.getMessage());
            } else {
                LOG.errorf(e, "claiming %s messages failed; trying again in a second", channel);
            }
        });
    }

    private void send(Message m) {
        inFlight.incrementAndGet();
        Uni.createFrom().deferred(() -> deliver.apply(m))
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
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
