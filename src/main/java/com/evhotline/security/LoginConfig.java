package com.evhotline.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How wrong passwords are held back, under {@code hotline.logins.*} (environment: {@code HOTLINE_LOGINS_*}). */
@ConfigMapping(prefix = "hotline.logins")
public interface LoginConfig {

    /** Wrong passwords in a row that lock a login (a minute, doubling with each further one, at most an hour). */
    @WithDefault("5")
    @Min(3)
    @Max(100)
    int lockAfter();

    /** Wrong passwords from one address within 10 minutes before it is turned away (5 minutes, doubling, at most an hour). */
    @WithDefault("20")
    @Min(5)
    int addressFailures();
}
