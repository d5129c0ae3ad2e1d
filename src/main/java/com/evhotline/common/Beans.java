package com.evhotline.common;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** Producers for the plain-Java domain pieces and the clock that tests drive. */
public class Beans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        // milliseconds: what PostgreSQL keeps (microseconds) and shows back must equal what was answered
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));
    }

    @Produces
    @Singleton
    PhoneNumbers phoneNumbers(HotlineConfig config) {
        return new PhoneNumbers(config.countryCode(), config.areaCode());
    }

    @Produces
    @Singleton
    ZoneId zone(HotlineConfig config) {
        return ZoneId.of(config.zone());
    }
}
