package com.evhotline.common;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs reactive work (Hibernate Reactive needs a Vert.x context) from the PBX libraries' own threads,
 * without blocking an event loop: the caller gets a future and decides how long it may wait.
 */
@ApplicationScoped
public class OnVertx {

    private final Vertx vertx;

    public OnVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} on a duplicated context of its own, even when called from Vert.x work already on
     * one: the reactive session lives in the context, so two submissions running at once must not share it.
     */
    public <T> CompletableFuture<T> submit(Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> {
            try {
                work.get().subscribe().with(result::complete, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code action} after {@code delayMillis} on a Vert.x timer. */
    public void later(long delayMillis, Runnable action) {
        vertx.setTimer(Math.max(1, delayMillis), id -> action.run());
    }
}
