package com.evhotline.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import org.hibernate.validator.constraints.time.DurationMin;

/** The PBX's own call records, read after an AMI drop ({@code hotline.cdr.*}). */
@ConfigMapping(prefix = "hotline.cdr")
public interface CdrConfig {

    /** The zone of {@code cdr.calldate} as cdr_pgsql writes it ({@code timezone} in cdr_pgsql.conf). */
    @WithDefault("UTC")
    ZoneId zone();

    /** How far back a call record without a call is looked for. */
    @WithDefault("P2D")
    @DurationMin(minutes = 1)
    Duration lookBack();

    /**
     * How long, after the PBX last spoke of it, a call that ended while the AMI link was down waits for
     * its CDR; then it is settled from what the link saw of it (nobody seen taking it: MISSED, so the
     * customer is called back), and said so.
     */
    @WithDefault("PT5M")
    @DurationMin(millis = 0)
    Duration settleAfter();
}
