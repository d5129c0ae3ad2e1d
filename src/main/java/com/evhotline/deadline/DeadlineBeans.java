package com.evhotline.deadline;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The deadline policy from its configuration. */
public class DeadlineBeans {

    @Produces
    @Singleton
    DeadlinePolicy deadlinePolicy(DeadlineConfig c, EscalationConfig escalation) {
        if (escalation.acknowledgeWarningAfter().compareTo(c.noticeAcknowledge()) >= 0) {
            throw new IllegalStateException("hotline.escalation.acknowledge-warning-after ("
                    + escalation.acknowledgeWarningAfter() + ") must be shorter than hotline.deadlines.notice-acknowledge ("
                    + c.noticeAcknowledge() + "), or the reminder before the deadline never comes");
        }
        DeadlineConfig.Arrival a = c.arrival();
        return new DeadlinePolicy(new DeadlinePolicy.Windows(c.dayReply(), c.dayDispatch(), c.nightReply(), c.nightDispatch(),
                c.noticeAcknowledge(), java.util.Map.of(DistanceBand.URBAN, a.urban(), DistanceBand.COUNTY, a.county(), DistanceBand.REGION, a.region(),
                        DistanceBand.PROVINCE, a.province(), DistanceBand.OUT_OF_PROVINCE, a.outOfProvince())));
    }
}
