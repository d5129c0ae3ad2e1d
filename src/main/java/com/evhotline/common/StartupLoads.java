package com.evhotline.common;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the service reads before it takes requests and calls (the calendar, the roster, the first
 * administrator, the escalation rules): each load is begun by its owner at start on a Vert.x context
 * of its own, so that they run side by side, and all are awaited before the start goes on. Observers
 * that let the outside in (the PBX links) observe the start at {@link #AFTER_LOADS}, after this wait;
 * the HTTP port opens after every observer.
 */
@ApplicationScoped
public class StartupLoads {

    /** The priority of start observers that need every load done. */
    public static final int AFTER_LOADS = Interceptor.Priority.LIBRARY_AFTER;
    private static final Duration WITHIN = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(StartupLoads.class);

    /** Each load, done with how many milliseconds it took. */
    private final Map<String, CompletableFuture<Long>> loads = new ConcurrentHashMap<>();

    /** Begins a load and returns at once; its failure stops the start. */
    public void begin(String what, Supplier<Uni<?>> load) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long begun = System.nanoTime();
        loads.put(what, done);
        VertxContextSupport.subscribe(() -> load.get().toMulti(), s -> s.with(item -> { }, done::completeExceptionally,
                () -> done.complete((System.nanoTime() - begun) / 1_000_000)));
    }

    void awaitAll(@Observes @Priority(Interceptor.Priority.APPLICATION + 800) StartupEvent start) {
        long until = System.nanoTime() + WITHIN.toNanos();
        Map<String, Long> took = new java.util.TreeMap<>();
        loads.forEach((what, done) -> {
            try {
                took.put(what, done.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException failed) {
                throw new IllegalStateException("Cannot start: " + what + " failed: " + failed.getCause().getMessage(),
                        failed.getCause());
            } catch (TimeoutException slow) {
                throw new IllegalStateException("Cannot start: " + what + " not done within " + WITHIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Start interrupted while " + what);
            }
        });
        LOG.debugf("Loaded at start (ms each): %s", took);
    }
}
