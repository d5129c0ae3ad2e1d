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
 * flight plus their own. At most {@code inFlight} batches at a time (a second one can be written while
 * the first waits for its commit to reach the disk). A batch refused because of what it holds
 * ({@code itemsAtFault}) is split in halves and tried again, so one bad item fails alone and never
 * takes its neighbours with it; any other failure (the database down, a timeout) fails the whole
 * batch at once, and each submitter decides how to retry. A batch that takes longer than
 * {@code timeout} fails as such, so that a stuck connection cannot hold back every later item.
 *
 * @param <I> what is submitted
 * @param <O> what each submitter gets back; {@code work} answers in the order of its input
 */
public final class GroupCommit<I, O> {

    private record Entry<I, O>(I item, CompletableFuture<O> done) {
    }

    private final ConcurrentLinkedQueue<Entry<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final int maxBatch;
    private final int inFlight;
    private final java.time.Duration timeout;
    private final java.util.function.Predicate<Throwable> itemsAtFault;
    private final Function<List<I>, Uni<List<O>>> work;

    public GroupCommit(int maxBatch, int inFlight, java.time.Duration timeout,
            java.util.function.Predicate<Throwable> itemsAtFault, Function<List<I>, Uni<List<O>>> work) {
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
        Entry<I, O> e = new Entry<>(item, new CompletableFuture<>());
        queue.add(e);
        drain();
        return e.done();
    }

    /** Items waiting for a batch (not counting the one being written). */
    public int waiting() {
        return queue.size();
    }

    private void drain() {
        while (!queue.isEmpty() && claim()) {
            List<Entry<I, O>> batch = new ArrayList<>();
            Entry<I, O> e;
            while (batch.size() < maxBatch && (e = queue.poll()) != null) {
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
