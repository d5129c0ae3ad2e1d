package com.evhotline.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the on-duty chain can change next: shift starts and ends, rotation hand-overs and ends, in order. */
class OnDutyChainChangesTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static DutyShift shift(long id, String start, String end) {
        DutyShift s = new DutyShift();
        s.id = id;
        s.staffId = id;
        s.startAt = Instant.parse(start);
        s.endAt = Instant.parse(end);
        s.position = 1;
        return s;
    }

    @Test
    void shouldListTheShiftBoundariesAfterTheInstantInOrder() {
        List<DutyShift> shifts = List.of(shift(1, "2047-03-06T00:00:00Z", "2047-03-06T10:00:00Z"),
                shift(2, "2047-03-06T10:00:00Z", "2047-03-07T00:00:00Z"), shift(3, "2047-03-01T00:00:00Z", "2047-03-02T00:00:00Z"));
        assertEquals(List.of(Instant.parse("2047-03-06T10:00:00Z"), Instant.parse("2047-03-07T00:00:00Z")),
                OnDutyChain.changesBetween(Instant.parse("2047-03-06T02:00:00Z"), Instant.parse("2047-03-13T02:00:00Z"),
                        shifts, List.of(), BEIJING));
    }

    @Test
    void shouldListEachHandOverOfARotationAtItsLocalTimeAndItsEnd() {
        Rotation nights = new Rotation(1, "nights", 3, LocalTime.of(17, 30), 1, LocalDate.of(2047, 1, 1), List.of(7L, 8L),
                Instant.parse("2047-03-07T12:00:00Z"));
        assertEquals(List.of(Instant.parse("2047-03-06T09:30:00Z"), Instant.parse("2047-03-07T09:30:00Z"),
                Instant.parse("2047-03-07T12:00:00Z")),
                OnDutyChain.changesBetween(Instant.parse("2047-03-06T02:00:00Z"), Instant.parse("2047-03-07T12:00:00Z"),
                        List.of(), List.of(nights), BEIJING));
    }
}
