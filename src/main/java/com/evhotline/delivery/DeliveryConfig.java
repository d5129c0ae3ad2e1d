package com.evhotline.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** How messages leave the service: the channels per kind, the SMS gateway, retries and the links they carry. */
@ConfigMapping(prefix = "hotline")
public interface DeliveryConfig {

    /** What links in SMS and e-mail start with. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    Sms sms();

    @WithName("notify")
    Notify notifications();

    /** The SMS gateway; no URL, no SMS. */
    interface Sms {
        Optional<String> url();

        Optional<String> token();

        /** The request body; {@code {to}} and {@code {text}} are replaced by JSON string contents. */
        @WithDefault("{\"to\": \"{to}\", \"text\": \"{text}\"}")
        String bodyTemplate();

        /**
         * For a gateway that answers 2xx also when it refuses a message: a regular expression its answer's body must
         * contain for the message to count as accepted (for example {@code "code"\s*:\s*0}); unset, any 2xx is.
         */
        Optional<String> acceptedBody();

        /** How long the gateway may take to answer one request. */
        @WithDefault("10S")
        Duration timeout();
    }

    /** Which channels tell of what, and how hard the workers try. */
    interface Notify {
        /** Channels per kind in office hours: {@code KIND:CHANNEL+CHANNEL, ...} (SMS, EMAIL, VOICE). */
        @WithDefault("DEADLINE_WARNING:SMS, DEADLINE_BREACHED:SMS, ESCALATION:SMS, MAJOR_INCIDENT:SMS+VOICE,"
                + " DISPATCH_NOTICE:SMS+EMAIL, NOTICE_UNACKNOWLEDGED:SMS+VOICE, MISSED_CALL:SMS, CALL_FORWARDED:SMS,"
                + " DELIVERY_FAILED:EMAIL+SMS,"
                + " ROSTER_EMPTY:EMAIL, TIMER_FAILED:EMAIL, DATA_SKIPPED:EMAIL")
        String officeHours();

        /** Channels per kind outside office hours. */
        @WithDefault("DEADLINE_WARNING:SMS, DEADLINE_BREACHED:SMS+VOICE, ESCALATION:SMS+VOICE, MAJOR_INCIDENT:SMS+VOICE,"
                + " DISPATCH_NOTICE:SMS+EMAIL, NOTICE_UNACKNOWLEDGED:SMS+VOICE, MISSED_CALL:SMS, CALL_FORWARDED:SMS,"
                + " DELIVERY_FAILED:SMS+EMAIL,"
                + " ROSTER_EMPTY:SMS+EMAIL, TIMER_FAILED:SMS+EMAIL, DATA_SKIPPED:EMAIL")
        String afterHours();

        /** Attempts per message before it counts as undeliverable and the supervisors are told. */
        @WithDefault("6")
        @Min(1)
        @Max(100)
        int attempts();

        /** The wait before the second attempt; it doubles after each further failure, up to {@link #maxBackoff}. */
        @WithDefault("10S")
        @DurationMin(seconds = 1)
        Duration backoff();

        @WithDefault("10M")
        @DurationMin(seconds = 1)
        @DurationMax(days = 1)
        Duration maxBackoff();

        /** How long a worker holds a message it is sending before another may try it (a crash mid-send). */
        @WithDefault("60S")
        @DurationMin(seconds = 5)
        Duration lease();

        /** How long an acknowledgement link works. */
        @WithDefault("7D")
        @DurationMin(minutes = 10)
        @DurationMax(days = 90)
        Duration linkValidity();

        /** Messages sent at once by one instance on each channel (SMS, e-mail, voice). */
        @WithDefault("32")
        @Min(1)
        @Max(1_000)
        int concurrency();
    }
}
