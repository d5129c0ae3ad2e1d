package com.evhotline.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch rule: enough distinct vehicles with one fault inside one window holding the new ticket. */
class BatchRuleTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2053-01-01T00:00:00Z");

    private static BatchRule.Sighting s(long id, String vin, int day) {
        return new BatchRule.Sighting(id, vin, T0.plus(Duration.ofDays(day)));
    }

    @Test
    void threeVehiclesWithinTheWindowMakeABatch() {
        List<BatchRule.Sighting> batch = BatchRule.batch(List.of(s(1, "A", 0), s(2, "B", 2)), s(3, "C", 5), WEEK, 3);
        assertEquals(List.of(1L, 2L, 3L), batch.stream().map(BatchRule.Sighting::ticketId).toList());
    }

    @Test
    void twoVehiclesAreNoBatch() {
        assertTrue(BatchRule.batch(List.of(s(1, "A", 0)), s(2, "B", 1), WEEK, 3).isEmpty());
    }

    @Test
    void vehiclesFurtherApartThanTheWindowAreNoBatch() {
        assertTrue(BatchRule.batch(List.of(s(1, "A", 0), s(2, "B", 4)), s(3, "C", 9), WEEK, 3).isEmpty());
    }

    @Test
    void oneVehicleTwiceCountsOnce() {
        assertTrue(BatchRule.batch(List.of(s(1, "A", 0), s(2, "A", 1)), s(3, "B", 2), WEEK, 3).isEmpty());
        List<BatchRule.Sighting> batch = BatchRule.batch(List.of(s(1, "A", 0), s(2, "A", 1), s(3, "B", 2)),
                s(4, "C", 3), WEEK, 3);
        assertEquals(4, batch.size());
        assertEquals(3, BatchRule.vehicles(batch));
    }

    @Test
    void aFaultRecordedLateOnAnEarlierTicketCompletesTheBatch() {
        List<BatchRule.Sighting> batch = BatchRule.batch(List.of(s(2, "B", 3), s(3, "C", 6)), s(1, "A", 0), WEEK, 3);
        assertEquals(3, batch.size());
    }

    @Test
    void ticketsWithoutAVehicleDoNotCount() {
        assertTrue(BatchRule.batch(List.of(s(1, "A", 0), s(2, null, 1)), s(3, "B", 2), WEEK, 3).isEmpty());
    }
}
