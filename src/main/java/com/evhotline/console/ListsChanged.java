package com.evhotline.console;

import com.evhotline.db.TableChanges;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the open pages that their lists changed, whoever changed them (any instance, the deadline engine):
 * the pages fetch them again. A burst of changes becomes one push at most every {@value #GATHER_MILLIS} ms, so
 * a busy minute does not have every page fetching after every call.
 */
@ApplicationScoped
public class ListsChanged {

    static final long GATHER_MILLIS = 1_000;
    static final List<String> TABLES = List.of("ticket", "deadline", "dispatch_notice");

    private final ConsoleFeed feed;
    private final Vertx vertx;
    private final AtomicBoolean waiting = new AtomicBoolean();

    public ListsChanged(ConsoleFeed feed, Vertx vertx) {
        this.feed = feed;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent start, TableChanges changes) {
        TABLES.forEach(t -> changes.follow(t, this::changed));
    }

    private void changed() {
        if (waiting.compareAndSet(false, true)) {
            vertx.setTimer(GATHER_MILLIS, id -> {
                waiting.set(false);
                feed.publish(new ConsoleFeed.Push("lists", Map.of("", ""), v -> true));
            });
        }
    }
}
