package com.evhotline.telephony;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The tests' observer of {@link AgentState} events, as a live page would observe them. */
@ApplicationScoped
public class AgentStatesHeard {

    private final List<AgentState> heard = new CopyOnWriteArrayList<>();

    void on(@Observes AgentState s) {
        heard.add(s);
    }

    /** Every state fired for the phone, in order. */
    public List<AgentState> of(String device) {
        return heard.stream().filter(s -> device.equals(s.device())).toList();
    }
}
