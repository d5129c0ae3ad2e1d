package com.evhotline.deadline.engine;

import com.evhotline.calendar.Shift;
import java.time.Instant;
import java.util.List;

/**
 * Who answers for the hotline at an instant, as the engine asks when a timer fires: whether it is
 * office hours, the shift of that instant (it picks the escalation chain), and the people on duty in
 * chain order. Asked at the firing instant, never at the ticket's receipt: a DAY ticket breaching at
 * night reaches the night's people.
 */
@FunctionalInterface
public interface Responsible {

    /** The hotline at one instant. */
    record At(boolean officeHours, Shift shift, List<Long> onDuty) {
        public At {
            onDuty = List.copyOf(onDuty);
        }
    }

    At at(Instant instant);

    /** The same answer at every instant (benchmarks and tests of the engine's mechanics). */
    static Responsible always(boolean officeHours, Shift shift, List<Long> onDuty) {
        At at = new At(officeHours, shift, onDuty);
        return instant -> at;
    }
}
