package com.evhotline.calendar;

/** Which deadlines a ticket runs on: DAY (inside the day window) or NIGHT. */
public enum Shift {
    DAY,
    NIGHT
}
