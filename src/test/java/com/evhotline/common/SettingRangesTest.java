package com.evhotline.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.IntakeConfig;
import com.evhotline.deadline.DeadlineConfig;
import com.evhotline.delivery.DeliveryConfig;
import com.evhotline.telephony.agi.AgiConfig;
import com.evhotline.telephony.ami.AmiConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings out of their range stop the start with a message naming the setting, as the service's
 * configuration reads them (the mappings' Bean Validation constraints, checked by SmallRye Config).
 */
class SettingRangesTest {

    private static SmallRyeConfig read(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withMapping(AgiConfig.class).withMapping(AmiConfig.class).withMapping(IntakeConfig.class)
                .withMapping(DeadlineConfig.class).withMapping(DeliveryConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' reading of "30M", "PT2S"
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .withValidator(new BeanValidationConfigValidatorImpl())
                .build();
    }

    private static String refusal(String key, String value) {
        return assertThrows(ConfigValidationException.class, () -> read(Map.of(key, value))).getMessage();
    }

    @Test
    void theDefaultsPass() {
        assertDoesNotThrow(() -> read(Map.of()));
        assertDoesNotThrow(() -> read(Map.of("hotline.agi.read-timeout", "PT0.001S", "hotline.agi.port", "1",
                "hotline.agi.pool-size", "1", "hotline.agi.max-pool-size", "1")));
    }

    @Test
    void aPortOutOfRangeIsRefusedNamingTheSetting() {
        for (String port : new String[] {"0", "70000", "-1"}) {
            String why = refusal("hotline.agi.port", port);
            assertTrue(why.contains("hotline.agi.port"), why);
        }
        assertTrue(refusal("hotline.ami.port", "65536").contains("hotline.ami.port"));
    }

    @Test
    void aReadTimeoutOfZeroOrLessOrOverAMinuteIsRefused() {
        for (String timeout : new String[] {"PT0S", "PT-2S", "PT2M"}) {
            String why = refusal("hotline.agi.read-timeout", timeout);
            assertTrue(why.contains("hotline.agi.read-timeout"), why);
        }
    }

    @Test
    void sizesAndWindowsOutOfRangeAreRefused() {
        assertTrue(refusal("hotline.agi.pool-size", "0").contains("hotline.agi.pool-size"));
        assertTrue(refusal("hotline.agi.ticket-batch", "0").contains("hotline.agi.ticket-batch"));
        assertTrue(refusal("hotline.agi.ticket-batch", "5000").contains("hotline.agi.ticket-batch"));
        assertTrue(refusal("hotline.ami.batch-size", "-5").contains("hotline.ami.batch-size"));
        assertTrue(refusal("hotline.ami.reconnect-min", "PT0S").contains("hotline.ami.reconnect-min"));
        assertTrue(refusal("hotline.deadlines.day-reply", "PT0S").contains("hotline.deadlines.day-reply"));
    }

    @Test
    void deliverySettingsOutOfRangeAreRefused() {
        assertTrue(refusal("hotline.notify.attempts", "0").contains("hotline.notify.attempts"));
        assertTrue(refusal("hotline.notify.backoff", "PT0S").contains("hotline.notify.backoff"));
        assertTrue(refusal("hotline.notify.max-backoff", "P2D").contains("hotline.notify.max-backoff"));
        assertTrue(refusal("hotline.notify.lease", "PT1S").contains("hotline.notify.lease"));
        assertTrue(refusal("hotline.notify.link-validity", "PT1M").contains("hotline.notify.link-validity"));
        assertTrue(refusal("hotline.notify.concurrency", "0").contains("hotline.notify.concurrency"));
    }
}
