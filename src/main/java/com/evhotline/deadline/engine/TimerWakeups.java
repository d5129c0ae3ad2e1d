package com.evhotline.deadline.engine;

import com.evhotline.db.PgListener;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * LISTENs on {@code hotline_timers}: every instance that writes a timer sends its due instant
 * (epoch milliseconds) with NOTIFY in the writing transaction, so every engine, this one included,
 * hears of it on commit. Reconnects on its own; the engine's safety sweep covers what a reconnect
 * loses.
 */
@ApplicationScoped
public class TimerWakeups {

    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgListener listener;

    public TimerWakeups(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = PgListener.options(url, username, password);
    }

    /**
     * Starts listening; each notification's instant goes to {@code wake}, and every (re)subscription
     * wakes the engine too, for what was written while the link was down. Completes once listening.
     */
    public Uni<Void> listen(Consumer<Instant> wake) {
        listener = PgListener.start(vertx, options, DeadlineEngine.CHANNEL, "the safety sweep covers meanwhile",
                () -> wake.accept(Instant.MIN), payload -> {
                    try {
                        wake.accept(Instant.ofEpochMilli(Long.parseLong(payload.trim())));
                    } catch (NumberFormatException e) {
                        wake.accept(Instant.MIN);
                    }
                });
        return listener.listening();
    }

    public void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
