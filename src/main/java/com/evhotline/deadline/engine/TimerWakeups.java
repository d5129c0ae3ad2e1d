package com.evhotline.deadline.engine;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@code hotline_timers}: every instance that writes a timer sends its due instant
 * (epoch milliseconds) with NOTIFY in the writing transaction, so every engine, this one included,
 * hears of it on commit. Reconnects on its own; the engine's safety sweep covers what a reconnect
 * loses.
 */
@ApplicationScoped
public class TimerWakeups {

    private static final Logger LOG = Logger.getLogger(TimerWakeups.class);

    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public TimerWakeups(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /**
     * Starts listening; each notification's instant goes to {@code wake}, and every (re)subscription
     * wakes the engine too, for what was written while the link was down. Completes once listening.
     */
    public Uni<Void> listen(Consumer<Instant> wake) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length()) : url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        subscriber.channel(DeadlineEngine.CHANNEL)
                .subscribeHandler(() -> {
                    listening.complete(null);
                    wake.accept(Instant.MIN);
                })
                .handler(payload -> {
                    try {
                        wake.accept(Instant.ofEpochMilli(Long.parseLong(payload.trim())));
                    } catch (NumberFormatException e) {
                        wake.accept(Instant.MIN);
                    }
                });
        connect();
        return Uni.createFrom().completionStage(listening);
    }

    /** The subscriber reconnects a link that dropped, but not a first connection that failed: retry that here. */
    private void connect() {
        subscriber.connect().subscribe().with(
                ok -> LOG.debug("Listening for new timers"),
                e -> {
                    LOG.warnf("Cannot LISTEN for new timers (%s); retrying, the safety sweep covers meanwhile",
                            e.getMessage());
                    vertx.setTimer(1_000, id -> connect());
                });
    }

    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
