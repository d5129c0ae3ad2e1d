package com.evhotline.console;

import com.evhotline.telephony.AgentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/** When the PBX reports a change to someone's phone in the queue, their open pages redraw its panel. */
@ApplicationScoped
public class QueueStateChanges {

    private final ConsoleFeed feed;

    public QueueStateChanges(ConsoleFeed feed) {
        this.feed = feed;
    }

    void changed(@Observes AgentState state) {
        if (state.staffId() != null) {
            Long who = state.staffId();
            feed.publish(new ConsoleFeed.Push("queue-state", Map.of("", ""), v -> who.equals(v.staffId())));
        }
    }
}
