package com.evhotline.db;

import com.evhotline.common.StartupLoads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Changes to the tables instances keep in memory (the calendar, the roster), whoever committed them:
 * a trigger (migration V10) names the table on {@value #CHANNEL}, and each owner registers what to do
 * for its tables. After the link to the database was lost, every owner reads again (notifications sent
 * meanwhile are gone); the first subscription follows the start's own reads and skips that.
 */
@ApplicationScoped
public class TableChanges {

    public static final String CHANNEL = "hotline_table_changed";

    private final Map<String, List<Runnable>> followers = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribedBefore = new AtomicBoolean();
    private final Vertx vertx;
    private final PgConnectOptions options;
    private volatile PgListener listener;

    public TableChanges(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = PgListener.options(url, username, password);
    }

    /** {@code reread} runs (on the listener's thread: it must not block) whenever {@code table} changed. */
    public void follow(String table, Runnable reread) {
        followers.computeIfAbsent(table, t -> new CopyOnWriteArrayList<>()).add(reread);
    }

    void start(@Observes @Priority(StartupLoads.AFTER_LOADS) StartupEvent start) {
        listener = PgListener.start(vertx, options, CHANNEL, "the minute's reread covers meanwhile", () -> {
            if (subscribedBefore.getAndSet(true)) {
                Set<Runnable> all = ConcurrentHashMap.newKeySet();
                followers.values().forEach(all::addAll);
                all.forEach(Runnable::run);
            }
        }, table -> followers.getOrDefault(table.trim(), List.of()).forEach(Runnable::run));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (listener != null) {
            listener.close();
        }
    }
}
