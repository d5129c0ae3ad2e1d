package com.evhotline.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.calendar.Shift;
import com.evhotline.ticket.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 6.1.4 item 5: DAY reply 30 min, dispatch 60; NIGHT reply 60, dispatch 120; inquiries get no dispatch. */
class DeadlinePolicyTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-27T02:00:00Z");

    private static final java.util.Map<DistanceBand, Duration> RESCUE_TIMES = java.util.Map.of(
            DistanceBand.URBAN, Duration.ofHours(4), DistanceBand.COUNTY, Duration.ofHours(3),
            DistanceBand.REGION, Duration.ofHours(2), DistanceBand.PROVINCE, Duration.ofDays(1),
            DistanceBand.OUT_OF_PROVINCE, Duration.ofDays(2));

    private final DeadlinePolicy policy = new DeadlinePolicy(new DeadlinePolicy.Windows(
            Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(60), Duration.ofMinutes(120), Duration.ofMinutes(30), RESCUE_TIMES));

    @ParameterizedTest
    @EnumSource(value = Category.class, names = "INQUIRY", mode = EnumSource.Mode.EXCLUDE)
    void shouldGiveADayTicketReplyIn30AndDispatchIn60Minutes(Category category) {
        assertEquals(List.of(
                new DeadlinePolicy.Due(DeadlineKind.REPLY, RECEIVED.plus(Duration.ofMinutes(30))),
                new DeadlinePolicy.Due(DeadlineKind.DISPATCH, RECEIVED.plus(Duration.ofMinutes(60)))),
                policy.deadlinesFor(category.needsDispatch(), Shift.DAY, RECEIVED));
    }

    @ParameterizedTest
    @EnumSource(value = Category.class, names = "INQUIRY", mode = EnumSource.Mode.EXCLUDE)
    void shouldGiveANightTicketReplyIn60AndDispatchIn120Minutes(Category category) {
        assertEquals(List.of(
                new DeadlinePolicy.Due(DeadlineKind.REPLY, RECEIVED.plus(Duration.ofMinutes(60))),
                new DeadlinePolicy.Due(DeadlineKind.DISPATCH, RECEIVED.plus(Duration.ofMinutes(120)))),
                policy.deadlinesFor(category.needsDispatch(), Shift.NIGHT, RECEIVED));
    }

    @Test
    void shouldGiveADayInquiryAReplyDeadlineOnly() {
        assertEquals(List.of(new DeadlinePolicy.Due(DeadlineKind.REPLY, Instant.parse("2026-11-27T02:30:00Z"))),
                policy.deadlinesFor(Category.INQUIRY.needsDispatch(), Shift.DAY, RECEIVED));
    }

    @Test
    void shouldGiveANightInquiryAReplyDeadlineOnly() {
        assertEquals(List.of(new DeadlinePolicy.Due(DeadlineKind.REPLY, Instant.parse("2026-11-27T03:00:00Z"))),
                policy.deadlinesFor(Category.INQUIRY.needsDispatch(), Shift.NIGHT, RECEIVED));
    }

    @Test
    void shouldNeedADispatchForEveryCategoryButInquiry() {
        for (Category c : Category.values()) {
            int expected = c == Category.INQUIRY ? 1 : 2;
            assertEquals(expected, policy.deadlinesFor(c.needsDispatch(), Shift.DAY, RECEIVED).size(), c.toString());
        }
    }

    @Test
    void shouldCountElapsedTimeAcrossMidnightAndTheNight() {
        Instant lateEvening = Instant.parse("2026-11-27T15:30:00Z"); // 23:30 in Shanghai
        assertEquals(Instant.parse("2026-11-27T16:30:00Z"), policy.dueAt(DeadlineKind.REPLY, Shift.NIGHT, lateEvening));
        assertEquals(Instant.parse("2026-11-27T17:30:00Z"),
                policy.dueAt(DeadlineKind.DISPATCH, Shift.NIGHT, lateEvening));
    }

    @Test
    void shouldReportEachWindow() {
        assertEquals(Duration.ofMinutes(30), policy.window(DeadlineKind.REPLY, Shift.DAY));
        assertEquals(Duration.ofMinutes(60), policy.window(DeadlineKind.DISPATCH, Shift.DAY));
        assertEquals(Duration.ofMinutes(60), policy.window(DeadlineKind.REPLY, Shift.NIGHT));
        assertEquals(Duration.ofMinutes(120), policy.window(DeadlineKind.DISPATCH, Shift.NIGHT));
    }

    @Test
    void shouldUseConfiguredWindowsRatherThanTheDefaults() {
        DeadlinePolicy custom = new DeadlinePolicy(new DeadlinePolicy.Windows(
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(4), Duration.ofMinutes(5), RESCUE_TIMES));

        assertEquals(RECEIVED.plusSeconds(60), custom.dueAt(DeadlineKind.REPLY, Shift.DAY, RECEIVED));
        assertEquals(RECEIVED.plusSeconds(120), custom.dueAt(DeadlineKind.DISPATCH, Shift.DAY, RECEIVED));
        assertEquals(RECEIVED.plusSeconds(180), custom.dueAt(DeadlineKind.REPLY, Shift.NIGHT, RECEIVED));
        assertEquals(RECEIVED.plusSeconds(240), custom.dueAt(DeadlineKind.DISPATCH, Shift.NIGHT, RECEIVED));
    }

    @Test
    void shouldGiveARescueItsDistanceBandsTimeDayOrNight() {
        assertEquals(Duration.ofHours(4), policy.arrivalWindow(DistanceBand.URBAN));
        assertEquals(Duration.ofDays(2), policy.arrivalWindow(DistanceBand.OUT_OF_PROVINCE));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new DeadlinePolicy(
                new DeadlinePolicy.Windows(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                        Duration.ofMinutes(4), Duration.ofMinutes(5), java.util.Map.of(DistanceBand.URBAN, Duration.ofHours(1)))));
    }
}
