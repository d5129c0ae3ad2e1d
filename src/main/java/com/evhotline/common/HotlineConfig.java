package com.evhotline.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Service-wide settings under {@code hotline.*} (environment: {@code HOTLINE_*}). */
@ConfigMapping(prefix = "hotline")
public interface HotlineConfig {

    /** Time zone of the calendar, the shift rule and every time on the wire. */
    @WithDefault("Asia/Shanghai")
    String zone();

    /** Country code that national caller numbers are normalised with. */
    @WithDefault("86")
    String countryCode();

    /** Where the embedded PostgreSQL keeps its data (read before start by the main class). */
    @WithDefault("./data")
    String dataDir();

    /** The directory the PBX writes call recordings to (shared with it); recordings are served from here only. */
    @WithDefault("./recordings")
    String recordingsDir();

    /** Password of the first administrator, created on first start; a random one is logged when unset. */
    Optional<String> adminPassword();
}
