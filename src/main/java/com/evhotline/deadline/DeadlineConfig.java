package com.evhotline.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Deadline windows from the receipt of a call, under {@code hotline.deadlines.*}; rescue times under {@code .arrival.*}. */
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

    /** A work-instruction notice acknowledged by its station or regional manager, from its issue, day or night. */
    @WithDefault("30M")
    @DurationMin(minutes = 1)
    Duration noticeAcknowledge();

    /** Rescue times by distance band, from receipt of the call to the vehicle's arrival. */
    Arrival arrival();

    /** The source's rescue times, read as the requirements say (the source table is garbled). */
    interface Arrival {

        @WithDefault("4H")
        @DurationMin(minutes = 10)
        Duration urban();

        @WithDefault("3H")
        @DurationMin(minutes = 10)
        Duration county();

        @WithDefault("2H")
        @DurationMin(minutes = 10)
        Duration region();

        @WithDefault("24H")
        @DurationMin(minutes = 10)
        Duration province();

        @WithDefault("48H")
        @DurationMin(minutes = 10)
        Duration outOfProvince();
    }
}
