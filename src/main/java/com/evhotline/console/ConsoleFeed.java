package com.evhotline.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What this instance pushes to the open pages: every push goes to the pages of the people it is meant for.
 * A page that falls far behind (a dead connection) is dropped and reconnects on its own, so a slow browser
 * never holds up the others.
 */
@ApplicationScoped
public class ConsoleFeed {

    /** How many pushes a page may have waiting before it is dropped. */
    static final int BEHIND_AT_MOST = 256;

    /** Who has a page open: what decides which pushes reach it, and in which language they are shown. */
    public record Viewer(Long staffId, Set<String> roles, String lang) {
    }

    /**
     * One push: an event name, its data per language ({@code zh}, {@code en}; a single {@code ""} entry when it is
     * the same in both) and who may see it.
     */
    public record Push(String name, Map<String, String> data, Predicate<Viewer> to) {

        String in(String lang) {
            String d = data.get(lang);
            return d != null ? d : data.getOrDefault("", "");
        }
    }

    /** Pushes come from several threads (listeners, timers): the serialized processor takes them one at a time. */
    private final BroadcastProcessor<Push> broadcast = BroadcastProcessor.create();
    private final SerializedProcessor<Push, Push> pushes = broadcast.serialized();

    /** The pushes a viewer's page gets, from now on. */
    public Multi<Push> of(Viewer viewer) {
        return broadcast.filter(p -> p.to().test(viewer)).onOverflow().buffer(BEHIND_AT_MOST);
    }

    public void publish(Push push) {
        pushes.onNext(push);
    }

    /**
     * A signal without data ({@code name}, e.g. "the lists changed") for the viewers {@code to} accepts, sent at most
     * once per {@code gatherMillis}: a burst of changes makes one push, so pages do not all fetch after every change.
     */
    public Runnable gathered(io.vertx.mutiny.core.Vertx vertx, String name, long gatherMillis, Predicate<Viewer> to) {
        java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean();
        Push push = new Push(name, Map.of("", ""), to);
        return () -> {
            if (waiting.compareAndSet(false, true)) {
                vertx.setTimer(gatherMillis, id -> {
                    waiting.set(false);
                    publish(push);
                });
            }
        };
    }
}
