package com.evhotline.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one day's quality report holds: the tickets received that day (in the report's zone) in the quality
 * categories, each as it stood when the report was made, and how many per category.
 */
public record DailyReport(LocalDate day, ZoneId zone, Instant generatedAt, List<Row> rows) {

    /**
     * The categories a quality report covers: every one about the vehicle or the service. INQUIRY (a question,
     * no fault) is left out.
     */
    public static final List<String> CATEGORIES = List.of("GENERAL_QUALITY", "COMPLAINT", "MAJOR_INCIDENT", "RESCUE");

    /** One ticket; {@code stations} are those its notices went to (a regional manager by name). */
    public record Row(long ticketId, String number, Instant receivedAt, String category, String vin, String fault,
            String description, String stations, String status) {
    }

    /** Tickets per category, every category listed (zero included), in {@link #CATEGORIES} order. */
    public Map<String, Long> countByCategory() {
        Map<String, Long> counts = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> counts.put(c, 0L));
        rows.forEach(r -> counts.merge(r.category(), 1L, Long::sum));
        return counts;
    }
}
