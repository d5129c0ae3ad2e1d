package com.evhotline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.notification.Outbox.Message;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One channel's sender on its own: how many messages it keeps in flight, when it claims more, what a failed
 * claim and a stop do. The outbox is a queue of due messages here, and every send waits until the test lets it
 * finish, so each step is driven by the test, not by time.
 */
class DeliveryLaneTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2041-05-01T02:00:00Z"), ZoneOffset.UTC);

    private final Deque<Message> due = new ArrayDeque<>();
    private final List<Integer> claims = new ArrayList<>();
    private final List<UniEmitter<? super Void>> sending = new ArrayList<>();
    private final List<Long> sent = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private boolean claimFails;
    /** While set, a claim's answer waits until {@link #answerClaim} (the database being slow). */
    private boolean holdClaims;
    private final List<Runnable> heldClaims = new ArrayList<>();

    private Uni<List<Message>> claim(Instant now, Instant until, String channel, int limit) {
        claims.add(limit);
        if (claimFails) {
            throw new IllegalStateException("the pool is closed");
        }
        List<Message> batch = new ArrayList<>();
        while (batch.size() < limit && !due.isEmpty()) {
            batch.add(due.poll());
        }
        if (!holdClaims) {
            return Uni.createFrom().item(batch);
        }
        return Uni.createFrom().emitter(e -> heldClaims.add(() -> e.complete(batch)));
    }

    private void answerClaim() {
        heldClaims.remove(0).run();
    }

    private Uni<Void> send(Message m) {
        return Uni.createFrom().emitter(e -> {
            sent.add(m.id());
            sending.add(e);
        });
    }

    private DeliveryLane lane(int slots) {
        return new DeliveryLane("SMS", slots, this::claim, CLOCK, Duration.ofSeconds(60), this::send, stopping::get);
    }

    /** A lane with {@code due} messages due, woken once. */
    private DeliveryLane woken(int slots, int due) {
        DeliveryLane lane = lane(slots);
        queue(due);
        lane.wake();
        return lane;
    }

    private void queue(int n) {
        for (int i = 0; i < n; i++) {
            long id = 100 + sent.size() + due.size();
            due.add(new Message(id, "DISPATCH_NOTICE", "SMS", "+8613900000000", "text", 1L, "HL-1", null,
                    CLOCK.instant(), 1, "Manager"));
        }
    }

    /** Lets the oldest {@code n} sends finish. */
    private void finish(int n) {
        for (int i = 0; i < n; i++) {
            sending.remove(0).complete(null);
        }
    }

    @Test
    void aLaneKeepsAtMostItsSlotsInFlightAndClaimsTheRestInBatches() {
        DeliveryLane lane = woken(8, 20);
        assertEquals(8, lane.inFlight(), "one claim fills every slot");
        assertEquals(List.of(8), claims);

        finish(1); // one slot free: not yet worth a claim of its own
        assertEquals(List.of(8), claims);
        finish(1); // a quarter of the slots free: claimed together
        assertEquals(List.of(8, 2), claims);
        assertEquals(8, lane.inFlight());

        while (!sending.isEmpty()) {
            finish(1);
        }
        assertEquals(20, sent.size(), "every due message sent, each once");
        assertEquals(20, sent.stream().distinct().count());
        assertEquals(0, lane.inFlight());
    }

    @Test
    void aMessageWokenForGoesIntoTheFirstFreeSlotOfAFullLane() {
        DeliveryLane lane = woken(8, 8);
        assertEquals(8, lane.inFlight());
        queue(1); // a major incident's text while eight others are with a slow gateway
        lane.wake();
        assertEquals(List.of(8), claims, "no slot free yet");
        finish(1);
        assertEquals(List.of(8, 1), claims, "claimed into the first slot that frees up");
        assertEquals(8, lane.inFlight());
    }

    @Test
    void aWakeUpDuringAClaimIsTakenUpRightAfterIt() {
        holdClaims = true;
        DeliveryLane lane = woken(8, 2);
        queue(2);
        lane.wake(); // the first claim has not answered yet
        assertEquals(List.of(8), claims, "one claim at a time");
        answerClaim();
        assertEquals(List.of(8, 6), claims);
        answerClaim();
        assertEquals(4, lane.inFlight());
    }

    @Test
    void aStopDuringAClaimWaitsForWhatTheClaimHandsOut() {
        holdClaims = true;
        DeliveryLane lane = woken(4, 3);
        stopping.set(true);
        assertFalse(lane.drained().isDone(), "the claim is still running");
        answerClaim();
        assertEquals(3, lane.inFlight(), "claimed before the stop: their attempt is counted, so they are sent");
        finish(2);
        assertFalse(lane.drained().isDone());
        finish(1);
        assertTrue(lane.drained().isDone());
    }

    @Test
    void aWakeUpWhileSomeAreBeingSentClaimsWhatCameMeanwhile() {
        DeliveryLane lane = woken(8, 3);
        assertEquals(3, lane.inFlight());
        queue(2);
        lane.wake(); // three of eight slots busy: the new messages go at once
        assertEquals(5, lane.inFlight());
        assertEquals(List.of(8, 5), claims);
    }

    @Test
    void aClaimThatThrowsLetsTheNextWakeUpClaimAgain() {
        DeliveryLane lane = lane(4);
        queue(2);
        claimFails = true;
        lane.wake();
        assertEquals(0, lane.inFlight());
        claimFails = false;
        lane.wake();
        assertEquals(2, lane.inFlight(), "the lane is not left held by the failed claim");
    }

    @Test
    void aStopClaimsNothingMoreAndWaitsForTheMessagesBeingSent() {
        DeliveryLane lane = woken(4, 6);
        assertEquals(4, lane.inFlight());

        stopping.set(true);
        assertFalse(lane.drained().isDone(), "four texts are still with the gateway");
        finish(4);
        assertTrue(lane.drained().isDone());
        lane.wake();
        assertEquals(List.of(4), claims, "nothing claimed after the stop began");
        assertEquals(2, due.size(), "left for the next start or another instance");
    }
}
