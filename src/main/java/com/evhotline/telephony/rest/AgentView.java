package com.evhotline.telephony.rest;

import com.evhotline.common.WireTime;
import com.evhotline.telephony.AgentQueue;
import com.evhotline.telephony.AgentState;
import com.evhotline.telephony.DeviceState;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** An agent's phone in the agents' queue as the API shows it ({@code staffName} in the supervisors' list only). */
public record AgentView(Long staffId, String staffName, String device, String memberName, boolean loggedIn,
        boolean paused, String reason, DeviceState deviceState, boolean inCall, OffsetDateTime since) {

    public static AgentView of(AgentState s, ZoneId zone) {
        return of(s, null, zone);
    }

    public static AgentView of(AgentQueue.Member m, ZoneId zone) {
        return of(m.state(), m.staffName(), zone);
    }

    private static AgentView of(AgentState s, String staffName, ZoneId zone) {
        return new AgentView(s.staffId(), staffName, s.device(), s.memberName(), s.loggedIn(), s.paused(), s.reason(),
                s.deviceState(), s.inCall(), WireTime.show(s.since(), zone));
    }
}
