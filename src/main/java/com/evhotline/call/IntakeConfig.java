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
     * Calls written together at most (group commit). 50: a batch's one statement joins its CTEs by
     * nested loops (generic plans), so its cost grows faster than its size: after a burst of 10,000 calls
     * batches of 200 drained at 230 calls/s, of 50 at 3,500.
     */
    @WithDefault("50")
    @Positive
    @Max(1_000)
    int ticketBatch();

    /**
     * How long a call answered waits for others before its batch is written, unless the batch fills
     * first (0: none). The answer does not wait for the write, so this costs only how soon the call is
     * on its ticket; at 400 calls/s it makes batches of about ten instead of one or two, and the
     * database's share of the machine from 0.5 cores to 0.2 (a transaction's statements and commit are
     * paid per batch).
     */
    @WithDefault("PT0.025S")
    @DurationMin(millis = 0)
    @DurationMax(seconds = 1)
    Duration ticketLinger();

    /** Batches written at once (one measured best here: two batches at once contend more than they overlap). */
    @WithDefault("1")
    @Positive
    @Max(16)
    int ticketBatchesInFlight();
}
