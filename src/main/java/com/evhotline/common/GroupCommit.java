package com.evhotline.common;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit: what is submitted while a batch is being written goes together into the next one, so
 * a burst costs a few transactions rather than one each, and nobody waits longer than a batch in
 * flight plus their own (plus the linger, below). At most {@code inFlight} batches at a time (a second one can be written while
 * the first waits for its commit to reach the disk). A batch refused because of what it holds
 * ({@code itemsAtFault}) is split in halves and tried again, so one bad item fails alone and never
 * takes its neighbours with it; any other failure (the database down, a timeout) fails the whole
 * batch at once, and each submitter decides how to retry. A batch that takes longer than
 * {@code timeout} fails as such, so that a stuck connection cannot hold back every later item.
 *
 * <p>With a {@code linger}, a batch that is not full waits until its oldest item is that old before it
 * is written, so that items arriving at a steady rate go in batches of several instead of one or two
 * each: a transaction's fixed cost (its statements, its commit) is paid once for all of them. A full
 * batch never waits. The submitter's own thread then only queues its item; the batch is written from
 * the scheduler's thread.
 *
 * @param <I> what is submitted
 * @param <O> what each submitter gets back; {@code work} answers in the order of its input
 */
public final class GroupCommit<I, O> {

    private record Entry<I, O>(I item, CompletableFuture<O> done, long at) {
    }

    /** Runs a task after a delay (in service, a Vert.x timer). */
    @FunctionalInterface
    public interface Scheduler {
        void after(long millis, Runnable task);
    }

    private final ConcurrentLinkedQueue<Entry<I, O>> queue = new ConcurrentLinkedQueue<>();
    /** Items in the queue (a ConcurrentLinkedQueue counts by walking itself). */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final long lingerNanos;
    private final Scheduler scheduler;
    private final java.util.function.LongSupplier nanoTime;
    /** Whether a drain is scheduled for a batch lingering. */
    private final java.util.concurrent.atomic.AtomicBoolean lingering = new java.util.concurrent.atomic.AtomicBoolean();
    private final int maxBatch;
    private final int inFlight;
    private final java.time.Duration timeout;
    private final java.util.function.Predicate<Throwable> itemsAtFault;
    private final Function<List<I>, Uni<List<O>>> work;

    public GroupCommit(int maxBatch, int inFlight, java.time.Duration timeout,
            java.util.function.Predicate<Throwable> itemsAtFault, Function<List<I>, Uni<List<O>>> work) {
        this(maxBatch, inFlight, timeout, itemsAtFault, work, java.time.Duration.ZERO, null, System::nanoTime);
    }

    /**
     * With a {@code linger} (zero: none), run by {@code scheduler}; {@code nanoTime} tells how old an item is.
     */
    public GroupCommit(int maxBatch, int inFlight, java.time.Duration timeout,
            java.util.function.Predicate<Throwable> itemsAtFault, Function<List<I>, Uni<List<O>>> work,
            java.time.Duration linger, Scheduler scheduler, java.util.function.LongSupplier nanoTime) {
        if (linger.isNegative() || (!linger.isZero() && scheduler == null)) {
            throw new IllegalArgumentException("a linger is zero or more, and needs a scheduler; was " + linger);
        }
        this.lingerNanos = linger.toNanos();
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        if (maxBatch < 1 || inFlight < 1) {
            throw new IllegalArgumentException("a batch holds at least 1 item and at least 1 batch is written at a time;"
                    + " was maxBatch " + maxBatch + ", inFlight " + inFlight);
        }
        this.maxBatch = maxBatch;
        this.inFlight = inFlight;
        this.timeout = timeout;
        this.itemsAtFault = itemsAtFault;
        this.work = work;
    }

    /** Queues the item for the next batch; the future completes when its batch is written (or fails). */
    public CompletableFuture<O> submit(I item) {
        Entry<I, O> e = new Entry<>(item, new CompletableFuture<>(), lingerNanos > 0 ? nanoTime.getAsLong() : 0);
        queue.add(e);
        queued.incrementAndGet();
        drain();
        return e.done();
    }

    /** Items waiting for a batch (not counting the one being written). */
    public int waiting() {
        return queued.get();
    }

    private void drain() {
        // the linger is decided before the claim, holding nothing: a timer's drain can then fail to claim
        // only while a batch is in flight, whose end drains again, so no wake-up is lost
        while (!queue.isEmpty() && !lingers() && claim()) {
            List<Entry<I, O>> batch = new ArrayList<>();
            Entry<I, O> e;
            while (batch.size() < maxBatch && (e = queue.poll()) != null) {
                queued.decrementAndGet();
                batch.add(e);
            }
            if (batch.isEmpty()) {
                running.decrementAndGet();
                continue; // another thread took them; look again in case more came meanwhile
            }
            CompletableFuture<Void> written = write(batch);
            if (written.isDone()) {
                running.decrementAndGet(); // done at once (a failure before any I/O): loop rather than recurse
                continue;
            }
            written.whenComplete((v, failure) -> {
                running.decrementAndGet();
                drain();
            });
        }
    }

    /**
     * Whether the next batch is not full and its oldest item younger than the linger: then a drain is
     * scheduled for when that item is old enough (unless one is already), and nothing is written now.
     * An item that fills the batch meanwhile is written at once by its own submit's drain.
     */
    private boolean lingers() {
        if (lingerNanos == 0 || queued.get() >= maxBatch) {
            return false;
        }
        Entry<I, O> oldest = queue.peek();
        long left = oldest == null ? 0 : oldest.at() + lingerNanos - nanoTime.getAsLong();
        if (left <= 0) {
            return false;
        }
        if (lingering.compareAndSet(false, true)) {
            scheduler.after(Math.max(1, (left + 999_999) / 1_000_000), () -> {
                lingering.set(false);
                drain();
            });
        }
        return true;
    }

    /** One more batch may start, if fewer than {@code inFlight} are being written. */
    private boolean claim() {
        for (int n = running.get(); n < inFlight; n = running.get()) {
            if (running.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> write(List<Entry<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(e -> items.add(e.item()));
        CompletableFuture<List<O>> written;
        try {
            written = work.apply(items).ifNoItem().after(timeout)
                    .failWith(() -> new java.util.concurrent.TimeoutException("a batch of " + items.size()
                            + " was not written within " + timeout.toMillis() + " ms"))
                    .subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((out, failure) -> {
            if (failure == null && out != null && out.size() == batch.size()) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(out.get(i));
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable why = failure != null ? failure
                    : new IllegalStateException("a batch of " + batch.size() + " gave " + (out == null ? 0 : out.size())
                            + " results");
            if (batch.size() == 1 || failure == null || !itemsAtFault.test(failure)) {
                batch.forEach(e -> e.done().completeExceptionally(why));
                return CompletableFuture.<Void>completedFuture(null);
            }
            int half = batch.size() / 2;
            return write(batch.subList(0, half)).thenCompose(v -> write(batch.subList(half, batch.size())));
        }).thenCompose(f -> f);
    }
}
