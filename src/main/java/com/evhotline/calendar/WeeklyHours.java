package com.evhotline.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opening hours per weekday, written like {@code MON-FRI 08:30-17:30; SAT 09:00-12:00} (several
 * ranges a day: {@code MON-FRI 08:30-12:00,13:30-17:30}; {@code 24:00} ends a day). Ranges include
 * their start and exclude their end: 08:30:00 is inside, 17:30:00 is not.
 */
public final class WeeklyHours {

    /** A half-open range of local time; an end of {@code null} means midnight at the end of the day. */
    public record Range(LocalTime start, LocalTime end) {
        boolean contains(LocalTime t) {
            return !t.isBefore(start) && (end == null || t.isBefore(end));
        }
    }

    private final Map<DayOfWeek, List<Range>> ranges;
    private final String text;

    private WeeklyHours(Map<DayOfWeek, List<Range>> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    public static WeeklyHours parse(String spec) {
        Map<DayOfWeek, List<Range>> map = new EnumMap<>(DayOfWeek.class);
        for (String part : spec.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] daysAndTimes = p.split("\\s+", 2);
            if (daysAndTimes.length != 2) {
                throw new IllegalArgumentException("'" + p + "': expected days and hours like 'MON-FRI 08:30-17:30'");
            }
            List<Range> times = parseRanges(daysAndTimes[1]);
            for (DayOfWeek d : parseDays(daysAndTimes[0])) {
                map.computeIfAbsent(d, k -> new ArrayList<>()).addAll(times);
            }
        }
        return new WeeklyHours(map, spec);
    }

    /** Hours that hold every day of the week, like {@code 08:00-20:00}. */
    public static WeeklyHours everyDay(String ranges) {
        return parse("MON-SUN " + ranges);
    }

    public static List<Range> parseRanges(String spec) {
        List<Range> out = new ArrayList<>();
        for (String r : spec.split(",")) {
            String[] se = r.trim().split("-");
            if (se.length != 2) {
                throw new IllegalArgumentException("'" + r.trim() + "': expected a range like 08:30-17:30");
            }
            try {
                LocalTime start = LocalTime.parse(se[0].trim());
                LocalTime end = "24:00".equals(se[1].trim()) ? null : LocalTime.parse(se[1].trim());
                if (end != null && !end.isAfter(start)) {
                    throw new IllegalArgumentException("'" + r.trim() + "': the end must come after the start");
                }
                out.add(new Range(start, end));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + r.trim() + "': times are HH:mm, like 08:30-17:30");
            }
        }
        return out;
    }

    private static List<DayOfWeek> parseDays(String spec) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String token : spec.split(",")) {
            String[] fromTo = token.split("-");
            DayOfWeek from = day(fromTo[0]);
            DayOfWeek to = fromTo.length > 1 ? day(fromTo[1]) : from;
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String abbreviation) {
        String a = abbreviation.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(a) && a.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + abbreviation + "' is not a weekday: use MON, TUE, WED, THU, FRI, SAT, SUN");
    }

    public List<Range> on(DayOfWeek day) {
        return ranges.getOrDefault(day, List.of());
    }

    public boolean hasHours(DayOfWeek day) {
        return !on(day).isEmpty();
    }

    static boolean inside(List<Range> ranges, LocalTime t) {
        return ranges.stream().anyMatch(r -> r.contains(t));
    }

    @Override
    public String toString() {
        return text;
    }
}
