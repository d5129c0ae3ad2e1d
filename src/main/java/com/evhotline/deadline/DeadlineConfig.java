package com.evhotline.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Deadline windows from the receipt of a call, under {@code hotline.deadlines.*}. */
@ConfigMapping(prefix = "hotline.deadlines")
public interface DeadlineConfig {

    /** Reply to the customer, DAY ticket. */
    @WithDefault("30M")
    @DurationMin(minutes = 1)
    Duration dayReply();

    /** Work-instruction notice issued, DAY ticket. */
    @WithDefault("60M")
    @DurationMin(minutes = 1)
    Duration dayDispatch();

    /** Reply to the customer, NIGHT ticket. */
    @WithDefault("60M")
    @DurationMin(minutes = 1)
    Duration nightReply();

    /** Work-instruction notice issued, NIGHT ticket. */
    @WithDefault("120M")
    @DurationMin(minutes = 1)
    Duration nightDispatch();
}
