package com.evhotline.calendar;

/** A date marked against the weekly pattern: a public holiday or a make-up working day. */
public enum DayType {
    HOLIDAY,
    WORKDAY
}
