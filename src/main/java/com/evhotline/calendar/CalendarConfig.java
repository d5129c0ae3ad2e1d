package com.evhotline.calendar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Office hours and the day window, under {@code hotline.calendar.*}. */
@ConfigMapping(prefix = "hotline.calendar")
public interface CalendarConfig {

    /** Office hours per weekday: the queue answers inside them, the on-duty mobiles outside. */
    @WithDefault("MON-FRI 08:30-17:30")
    String officeHours();

    /** Office hours on a make-up working day that falls on a day without weekly hours. */
    @WithDefault("08:30-17:30")
    String makeupDayHours();

    /** The day window for deadlines: {@code office-hours}, or weekly hours such as {@code MON-SUN 08:00-20:00}. */
    @WithDefault("office-hours")
    String dayWindow();
}
