package com.evhotline.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** When the follow-up call of a resolved ticket is due and how often it is tried ({@code hotline.follow-up.*}). */
@ConfigMapping(prefix = "hotline.follow-up")
public interface FollowUpConfig {

    /** From the resolution to the follow-up call: long enough for the customer to have used the car again. */
    @WithDefault("24H")
    @DurationMin(minutes = 0)
    Duration after();

    /** Calls nobody answered before the follow-up ends as unreachable (and the ticket closes). */
    @WithDefault("3")
    @Min(1)
    @Max(20)
    int attempts();

    /** From a call nobody answered to the next one: another part of the day. */
    @WithDefault("4H")
    @DurationMin(minutes = 1)
    Duration retryAfter();
}
