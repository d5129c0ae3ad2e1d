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

    /** The PBX's country calling code: numbers dialled without one are read by that country's numbering plan. */
    @WithDefault("86")
    String countryCode();

    /** Area code of local landline numbers that arrive without one ({@code 21} or {@code 021}); none when unset. */
    Optional<String> areaCode();

    /** Where the embedded PostgreSQL keeps its data (read before start by the main class). */
    @WithDefault("./data")
    String dataDir();

    /** The directory the PBX writes call recordings to (shared with it); recordings are served from here only. */
    @WithDefault("./recordings")
    String recordingsDir();

    /** Password of the first administrator, created on first start; a random one is logged when unset. */
    Optional<String> adminPassword();
}
