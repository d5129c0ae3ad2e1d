package com.evhotline.call.rest;

import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallRecord;
import com.evhotline.common.WireTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * A call as the API shows it. {@code waitSeconds} runs from the start to the answer (to the end when
 * nobody answered), {@code talkSeconds} from the answer to the end; both in seconds to the millisecond.
 */
public record CallView(Long id, String linkedId, String callerNumber, boolean withheld, OffsetDateTime startedAt,
        OffsetDateTime queuedAt, OffsetDateTime answeredAt, OffsetDateTime endedAt, CallOutcome outcome,
        Long answeredBy, String answeredByName, boolean officeHours, Long ticketId, String ticketNumber,
        String route, String queue, String source, BigDecimal waitSeconds, BigDecimal talkSeconds,
        String recording) {

    public static CallView of(CallRecord c, String ticketNumber, ZoneId zone) {
        Instant waitEnd = c.answeredAt != null ? c.answeredAt : c.endedAt;
        return new CallView(c.id, c.linkedId, c.withheld ? null : c.callerNumber, c.withheld,
                WireTime.show(c.startedAt, zone), WireTime.show(c.queuedAt, zone), WireTime.show(c.answeredAt, zone),
                WireTime.show(c.endedAt, zone), CallOutcome.valueOf(c.outcome), c.answeredBy, c.answeredByName,
                c.officeHours, c.ticketId, ticketNumber, c.route, c.queue, c.source,
                seconds(c.startedAt, waitEnd), seconds(c.answeredAt, c.endedAt),
                c.recording == null || c.recording.isBlank() ? null : "/api/calls/" + c.id + "/recording");
    }

    /** Seconds between two instants to the millisecond, written without trailing zeros (5, 5.004); null if either is. */
    static BigDecimal seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        Duration d = Duration.between(from, to);
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                .setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
