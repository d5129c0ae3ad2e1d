package com.evhotline.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** How calls meet on tickets ({@code hotline.calls.*}). */
@ConfigMapping(prefix = "hotline.calls")
public interface CallsConfig {

    /** A call joins the caller's open ticket received within this window before it (withheld numbers never do). */
    @WithDefault("PT24H")
    @DurationMin(millis = 0)
    Duration mergeWindow();
}
