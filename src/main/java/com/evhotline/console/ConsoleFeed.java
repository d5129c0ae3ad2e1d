package com.evhotline.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.MultiEmitter;
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

    private final BroadcastProcessor<Push> pushes = BroadcastProcessor.create();
    private final MultiEmitter<? super Push> serialized;

    public ConsoleFeed() {
        // pushes come from several threads (listeners, timers); the processor takes them one at a time
        var holder = new java.util.concurrent.atomic.AtomicReference<MultiEmitter<? super Push>>();
        Multi.createFrom().<Push>emitter(holder::set).subscribe().withSubscriber(pushes);
        this.serialized = holder.get();
    }

    /** The pushes a viewer's page gets, from now on. */
    public Multi<Push> of(Viewer viewer) {
        return pushes.filter(p -> p.to().test(viewer)).onOverflow().buffer(BEHIND_AT_MOST);
    }

    public void publish(Push push) {
        serialized.emit(push);
    }
}
