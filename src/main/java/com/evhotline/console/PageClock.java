package com.evhotline.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;

/**
 * The service's time for the pages ({@code inject:pageClock.millis}): countdowns run from it, not from the
 * browser's own clock, which may be off by minutes.
 */
@ApplicationScoped
@Named("pageClock")
public class PageClock {

    private final Clock clock;

    public PageClock(Clock clock) {
        this.clock = clock;
    }

    public long millis() {
        return clock.millis();
    }
}
