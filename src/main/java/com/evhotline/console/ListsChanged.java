package com.evhotline.console;

import com.evhotline.db.TableChanges;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Tells the open pages that their lists changed, whoever changed them (any instance, the deadline engine):
 * the pages fetch them again. A burst of changes becomes one push at most every {@value #GATHER_MILLIS} ms, so
 * a busy minute does not have every page fetching after every call.
 */
@ApplicationScoped
public class ListsChanged {

    static final long GATHER_MILLIS = 1_000;
    static final List<String> TABLES = List.of("ticket", "deadline", "dispatch_notice", "follow_up");

    private final Runnable push;

    public ListsChanged(ConsoleFeed feed, Vertx vertx) {
        this.push = feed.gathered(vertx, "lists", GATHER_MILLIS, v -> true);
    }

    void start(@Observes StartupEvent start, TableChanges changes) {
        TABLES.forEach(t -> changes.follow(t, push));
    }
}
