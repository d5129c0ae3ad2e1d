package com.evhotline.common;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs reactive work that opens a Hibernate Reactive session from any thread (the scheduler's, an
 * event loop's notification handler): a session opens only on a duplicated context marked safe, never
 * on an event loop's own context, so the work runs on one made for it.
 */
public final class OnSafeContext {

    private OnSafeContext() {
    }

    /**
     * Starts {@code work} on a fresh safe context and leaves it: a failure is logged as {@code failed}
     * (a format taking the failure's message).
     */
    public static <T> void start(Vertx vertx, Supplier<Uni<T>> work, Logger log, String failed) {
        run(vertx, work).whenComplete((done, e) -> {
            if (e != null) {
                log.errorf(failed, e.getMessage());
            }
        });
    }

    /** Starts {@code work} on a fresh safe context; the answer completes with its item or failure. */
    public static <T> CompletionStage<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        Context safe = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(safe, true);
        CompletableFuture<T> done = new CompletableFuture<>();
        safe.runOnContext(v -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        return done;
    }
}
