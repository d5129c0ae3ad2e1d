package com.evhotline.telephony.ami;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** The AMI link to the PBX under {@code hotline.ami.*} (environment: {@code HOTLINE_AMI_*}). */
@ConfigMapping(prefix = "hotline.ami")
public interface AmiConfig {

    /** The PBX's address; none means no PBX link (the service runs, the health group {@code pbx} says so). */
    Optional<String> host();

    /** The PBX's AMI port. */
    @WithDefault("5038")
    @Min(1)
    @Max(65535)
    int port();

    /** The AMI user ({@code telephony/manager.conf}). */
    @WithDefault("hotline")
    String username();

    /** The AMI user's secret. */
    Optional<String> password();

    /** First wait before logging in again after a failed login; it doubles up to {@link #reconnectMax()}. */
    @WithDefault("PT1S")
    @DurationMin(millis = 1)
    Duration reconnectMin();

    /** Longest wait between login attempts. */
    @WithDefault("PT30S")
    @DurationMin(millis = 1)
    Duration reconnectMax();

    /** Most call changes written to the database in one transaction. */
    @WithDefault("500")
    @Positive
    @Max(10_000)
    int batchSize();

    /** How long an ended call is remembered so that repeated or late events change nothing. */
    @WithDefault("PT15M")
    @DurationMin(seconds = 1)
    Duration keepEnded();

    /**
     * A call the PBX says nothing of for this long is taken as ended unheard: settled from its CDR, or,
     * when none comes, from what was seen (as a call lost in a drop).
     */
    @WithDefault("PT12H")
    @DurationMin(minutes = 1)
    Duration giveUpSilent();

    /**
     * How long after the caller's hangup the call's other channels may still report (an abandon in the queue
     * can come a moment after the caller's hangup): the outcome is decided when every channel of the call is
     * gone, or at the latest this long after the caller's hangup.
     */
    @WithDefault("PT2S")
    @DurationMin(millis = 0)
    @DurationMax(minutes = 1)
    Duration endGrace();
}
