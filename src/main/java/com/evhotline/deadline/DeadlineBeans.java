package com.evhotline.deadline;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The deadline policy from its configuration. */
public class DeadlineBeans {

    @Produces
    @Singleton
    DeadlinePolicy deadlinePolicy(DeadlineConfig c) {
        return new DeadlinePolicy(new DeadlinePolicy.Windows(c.dayReply(), c.dayDispatch(), c.nightReply(), c.nightDispatch()));
    }
}
