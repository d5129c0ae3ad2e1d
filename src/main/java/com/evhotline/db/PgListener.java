package com.evhotline.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * LISTENs on one channel over a connection of its own, and keeps listening: the subscriber reconnects
 * a link that dropped, and a first connection that failed is tried again with a doubling wait. Each
 * (re)subscription is reported, because what was notified while not listening is lost: the owner
 * reads again what it follows.
 */
public final class PgListener {

    private static final Logger LOG = Logger.getLogger(PgListener.class);

    private final PgSubscriber subscriber;
    private final String channel;
    private final String losing;
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private volatile boolean closed;

    private PgListener(Vertx vertx, PgConnectOptions options, String channel, String losing) {
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        this.channel = channel;
        this.losing = losing;
    }

    /** The connection options of the service's datasource URL (with or without the {@code vertx-reactive:} prefix). */
    public static PgConnectOptions options(String url, Optional<String> username, Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length()) : url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }

    /**
     * Starts listening on {@code channel}: every payload goes to {@code payload}, every (re)subscription
     * to {@code subscribed}; {@code losing} says in the log what is missed while it cannot listen.
     */
    public static PgListener start(Vertx vertx, PgConnectOptions options, String channel, String losing,
            Runnable subscribed, Consumer<String> payload) {
        PgListener l = new PgListener(vertx, options, channel, losing);
        l.subscriber.channel(channel)
                .subscribeHandler(() -> {
                    l.listening.complete(null);
                    subscribed.run();
                })
                .handler(payload::accept);
        l.connect();
        return l;
    }

    /** Completes once listening the first time. */
    public Uni<Void> listening() {
        return Uni.createFrom().completionStage(listening);
    }

    /** The first connection, tried again with a doubling wait (1 s up to 30 s) until it holds or the listener is closed. */
    private void connect() {
        Uni.createFrom().deferred(() -> closed ? Uni.createFrom().voidItem() : subscriber.connect())
                .onFailure(e -> !closed).invoke(e -> LOG.warnf("Cannot LISTEN on %s (%s); retrying; %s", channel, e.getMessage(),
                        losing))
                .onFailure(e -> !closed).retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(ok -> LOG.debugf("Listening on %s", channel),
                        e -> LOG.debugf("Stopped trying to LISTEN on %s: %s", channel, e.getMessage()));
    }

    /**
     * Closes the connection and waits (a little) until it is closed, so that it is gone before Vert.x
     * stops: Mutiny's close is lazy, and a connection left open is closed by the database's own stop,
     * after the event loops, whose late close logs an error. Not on an event loop.
     */
    public void close() {
        closed = true;
        try {
            subscriber.close().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("LISTEN connection on %s not closed cleanly: %s", channel, e.getMessage());
        }
    }
}
