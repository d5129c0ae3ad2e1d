package com.evhotline.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * What the routing script's intake needs of the {@code hotline.agi.*} settings (the listener's own are
 * in the telephony side's mapping of the same prefix, the queue in the routing's): how calls are written.
 */
@ConfigMapping(prefix = "hotline.agi")
public interface IntakeConfig {

    /**
     * How long the script waits for a ticket number when none is left in reserve (the database slow or
     * down for long) before it answers with a fallback {@code P} number.
     */
    @WithDefault("PT0.4S")
    @DurationMin(millis = 0)
    @DurationMax(seconds = 5)
    Duration ticketWait();

    /**
     * Calls written together at most (group commit). A batch's one statement joins its CTEs by nested
     * loops (generic plans), so its cost grows faster than its size: small batches drain a burst sooner
     * (the figures behind the default are in the bench notes).
     */
    @WithDefault("50")
    @Positive
    @Max(1_000)
    int ticketBatch();

    /**
     * How long a call answered waits for others before its batch is written, unless the batch fills
     * first (0: none). The answer does not wait for the write, so this costs only how soon the call is
     * on its ticket, and it lets calls share a transaction whose statements and commit are paid per
     * batch, not per call.
     */
    @WithDefault("PT0.025S")
    @DurationMin(millis = 0)
    @DurationMax(seconds = 1)
    Duration ticketLinger();

    /** Batches written at once (two batches at once contend for the same rows more than they overlap). */
    @WithDefault("1")
    @Positive
    @Max(16)
    int ticketBatchesInFlight();
}
