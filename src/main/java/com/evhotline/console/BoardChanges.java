package com.evhotline.console;

import com.evhotline.db.TableChanges;
import com.evhotline.telephony.AgentState;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Tells the open wall boards that what they show beside the lists changed: a call came in, an agent's phone
 * changed in the queue, the roster changed. A burst becomes one push at most every {@value #GATHER_MILLIS} ms.
 * A call that ends is seen through the lists (its ticket changes) or the board's own half-minute fetch.
 */
@ApplicationScoped
public class BoardChanges {

    static final long GATHER_MILLIS = 1_000;
    static final List<String> TABLES = List.of("roster_shift", "roster_rotation");

    private final Runnable push;

    public BoardChanges(ConsoleFeed feed, Vertx vertx) {
        this.push = feed.gathered(vertx, "board", GATHER_MILLIS, v -> WallBoard.VIEWERS.stream().anyMatch(v.roles()::contains));
    }

    void start(@Observes StartupEvent start, TableChanges changes) {
        TABLES.forEach(t -> changes.follow(t, this::changed));
    }

    void queueChanged(@Observes AgentState state) {
        changed();
    }

    /** Something on the boards changed: one push within the gathering time. {@link CallPops} calls it for each call. */
    void changed() {
        push.run();
    }
}
