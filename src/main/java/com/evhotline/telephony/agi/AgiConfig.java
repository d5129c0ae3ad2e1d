package com.evhotline.telephony.agi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** The FastAGI routing script's settings under {@code hotline.agi.*} (environment: {@code HOTLINE_AGI_*}). */
@ConfigMapping(prefix = "hotline.agi")
public interface AgiConfig {

    /** Whether the FastAGI server runs at all. */
    @WithDefault("true")
    boolean enabled();

    /** TCP port the PBX connects to ({@code agi://HOST:4573/hotline}). */
    @WithDefault("4573")
    @Min(1)
    @Max(65535)
    int port();

    /** Address to listen on. */
    @WithDefault("0.0.0.0")
    String bind();

    /** The PBX addresses served, as CIDR blocks; anyone else is disconnected unanswered (answers carry staff mobiles). */
    @WithDefault("127.0.0.1/32,::1/128")
    String allow();

    /** How long a connection may take to send its whole request, or to answer a command, before it is dropped. */
    @WithDefault("PT2S")
    @DurationMin(millis = 1)
    @DurationMax(minutes = 1)
    Duration readTimeout();

    /** Threads kept ready for requests. */
    @WithDefault("16")
    @Positive
    int poolSize();

    /**
     * Open connections one address may hold at once; more are closed unanswered, so that a peer that
     * misbehaves cannot take every thread from the PBX's calls.
     */
    @WithDefault("100")
    @Positive
    int maxPerAddress();

    /** At most this many requests at once (a stalled one holds a thread until the read timeout). */
    @WithDefault("400")
    int maxPoolSize();
}
