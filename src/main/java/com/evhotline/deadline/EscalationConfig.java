package com.evhotline.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Timers and escalation chains, under {@code hotline.escalation.*}. A chain is looked up by
 * {@code <category>-<kind>-<shift>}, {@code <category>-<kind>}, {@code default-<kind>-<shift>},
 * {@code default-<kind>}, {@code <category>-<shift>}, {@code <category>}, {@code default-<shift>}, then
 * {@code default} (category, deadline kind and shift in lower case with dashes:
 * {@code major-incident-night}, {@code default-arrival}); each of its three stages falls back on its own.
 */
@ConfigMapping(prefix = "hotline.escalation")
public interface EscalationConfig {

    /** Run the timer engine in this instance. */
    @WithDefault("true")
    boolean enabled();

    /** When the warning comes, as a fraction of the REPLY window. */
    @WithDefault("0.8")
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    double replyWarningAt();

    /** When the warning comes, as a fraction of the DISPATCH window. */
    @WithDefault("0.8")
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    double dispatchWarningAt();

    /** When the warning comes, as a fraction of a rescue's time to arrive. */
    @WithDefault("0.75")
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    double arrivalWarningAt();

    /** How long after its issue an unacknowledged notice is told again to its addressees (the warning). */
    @WithDefault("10M")
    Duration acknowledgeWarningAfter();

    /** Time between escalation steps after a breach, until the chain's last step. */
    @WithDefault("15M")
    Duration stepInterval();

    /** After the chain's last step, how often it is told again until someone acts. */
    @WithDefault("1H")
    Duration repeatInterval();

    /** Timers due at once in one claim. */
    @WithDefault("100")
    @Min(1)
    @Max(10_000)
    int batchSize();

    /** The longest the engine sleeps without looking (a notification lost in a reconnect is caught by then). */
    @WithDefault("2S")
    Duration safetySweep();

    /** First retry of a timer whose effect failed; it doubles per attempt, up to five minutes. */
    @WithDefault("1S")
    Duration retryAfter();

    /** Attempts before a failing timer is given up and raised as an alert. */
    @WithDefault("5")
    @Min(1)
    int maxAttempts();

    /**
     * The chains by key; recipients are roles, {@code assignee} (the ticket's owner) or {@code addressee}
     * (whoever the ticket's notices went to).
     */
    Map<String, Chain> chains();

    /** Who is told at each stage of a deadline. */
    interface Chain {

        /** Told at the warning. */
        Optional<List<String>> warning();

        /** Told at the breach. */
        Optional<List<String>> breach();

        /** Told at escalation steps 1, 2, …; the last repeats until the deadline is met. */
        Optional<List<String>> steps();
    }
}
