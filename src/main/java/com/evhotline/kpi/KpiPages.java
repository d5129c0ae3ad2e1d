package com.evhotline.kpi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where a page of a figure's items falls, from how many items each day holds: the days to list and what to skip. */
final class KpiPages {

    /** The page lies on days [first, last]; it starts {@code skip} items into {@code first}; {@code total} in all. */
    record Window(LocalDate first, LocalDate last, long skip, long total) {
    }

    private KpiPages() {
    }

    static long total(List<KpiQueries.Count> counts) {
        return counts.stream().mapToLong(KpiQueries.Count::n).sum();
    }

    /**
     * The days holding items [offset, offset + size) of the per-day {@code counts} (one key), in day order; null
     * when the page lies past the last item.
     */
    static Window window(List<KpiQueries.Count> counts, long offset, int size) {
        Map<LocalDate, Long> perDay = new TreeMap<>();
        counts.forEach(c -> perDay.merge(c.day(), c.n(), Long::sum));
        long total = perDay.values().stream().mapToLong(Long::longValue).sum();
        if (offset >= total) {
            return null;
        }
        LocalDate first = null;
        LocalDate last = null;
        long skip = 0;
        long before = 0;
        for (Map.Entry<LocalDate, Long> e : perDay.entrySet()) {
            long after = before + e.getValue();
            if (first == null && after > offset) {
                first = e.getKey();
                skip = offset - before;
            }
            if (first != null) {
                last = e.getKey();
                if (after >= offset + size) {
                    break;
                }
            }
            before = after;
        }
        return new Window(first, last, skip, total);
    }
}
