package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FastAGI server refuses to start with fewer threads at most than it keeps, each size in its own range: the
 * message names the setting to fix and both values.
 */
class AgiPoolSizesTest {

    private static AgiConfig read(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withMapping(AgiConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .build().getConfigMapping(AgiConfig.class);
    }

    @Test
    void aMaximumBelowThePoolSizeIsRefusedNamingTheSetting() {
        AgiConfig config = read(Map.of("hotline.agi.pool-size", "20", "hotline.agi.max-pool-size", "10"));
        String why = assertThrows(IllegalArgumentException.class, () -> HotlineAgiServer.check(config)).getMessage();
        assertTrue(why.contains("HOTLINE_AGI_MAX_POOL_SIZE") && why.contains("20") && why.contains("10"), why);
    }

    @Test
    void equalSizesAndTheDefaultsPass() {
        assertDoesNotThrow(() -> HotlineAgiServer.check(read(Map.of())));
        assertDoesNotThrow(() -> HotlineAgiServer.check(read(Map.of("hotline.agi.pool-size", "8",
                "hotline.agi.max-pool-size", "8"))));
    }
}
