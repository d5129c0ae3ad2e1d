package com.evhotline.common;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit: what is submitted while a batch is being written goes together into the next one, so
 * a burst costs a few transactions rather than one each, and nobody waits longer than the batch in
 * flight plus their own. One batch at a time. A failing batch is split in halves and tried again, so
 * one bad item fails alone and never takes its neighbours with it.
 *
 * @param <I> what is submitted
 * @param <O> what each submitter gets back; {@code work} answers in the order of its input
 */
public final class GroupCommit<I, O> {

    private record Entry<I, O>(I item, CompletableFuture<O> done) {
    }

    private final ConcurrentLinkedQueue<Entry<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final int maxBatch;
    private final Function<List<I>, Uni<List<O>>> work;

    public GroupCommit(int maxBatch, Function<List<I>, Uni<List<O>>> work) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
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
        while (!queue.isEmpty() && running.compareAndSet(false, true)) {
            List<Entry<I, O>> batch = new ArrayList<>();
            Entry<I, O> e;
            while (batch.size() < maxBatch && (e = queue.poll()) != null) {
                batch.add(e);
            }
            if (batch.isEmpty()) {
                running.set(false);
                continue; // another thread took them; look again in case more came meanwhile
            }
            write(batch).whenComplete((v, failure) -> {
                running.set(false);
                drain();
            });
            return;
        }
    }

    private CompletableFuture<Void> write(List<Entry<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(e -> items.add(e.item()));
        CompletableFuture<List<O>> written;
        try {
            written = work.apply(items).subscribeAsCompletionStage();
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
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(why);
                return CompletableFuture.<Void>completedFuture(null);
            }
            int half = batch.size() / 2;
            return write(batch.subList(0, half)).thenCompose(v -> write(batch.subList(half, batch.size())));
        }).thenCompose(f -> f);
    }
}
