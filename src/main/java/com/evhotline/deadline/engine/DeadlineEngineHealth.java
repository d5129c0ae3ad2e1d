package com.evhotline.deadline.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness shows the deadline engine's lag; a minute behind means deadlines could pass unnoticed. */
@Readiness
@ApplicationScoped
public class DeadlineEngineHealth implements HealthCheck {

    private static final long TOO_LATE_MILLIS = 60_000;

    private final DeadlineEngine engine;

    public DeadlineEngineHealth(DeadlineEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        long lag = engine.lagMillis();
        long sinceRound = engine.millisSinceLastRound();
        return HealthCheckResponse.named("deadline-engine")
                .status(!engine.isRunning() || (lag < TOO_LATE_MILLIS && sinceRound < TOO_LATE_MILLIS))
                .withData("running", engine.isRunning())
                .withData("lagMillis", lag)
                .withData("millisSinceLastRound", sinceRound)
                .build();
    }
}
