package com.evhotline.roster;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * An empty on-duty chain, reported loudly in a health group of its own ({@code /q/health/group/roster}):
 * after hours a call would have nobody to ring but the emergency mobile. Not liveness or readiness:
 * the service itself is fine.
 */
@HealthGroup("roster")
@ApplicationScoped
public class RosterHealth implements HealthCheck {

    private final RosterService roster;
    private final Clock clock;

    public RosterHealth(RosterService roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        int onDuty = roster.onDutyAt(clock.instant()).size();
        return HealthCheckResponse.named("on-duty-chain")
                .status(onDuty > 0)
                .withData("onDuty", onDuty)
                .build();
    }
}
