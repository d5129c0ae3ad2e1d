package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** FastAGI settings the server cannot run with are refused at start, naming the setting to fix. */
class AgiSettingsTest {

    record Settings(Duration readTimeout, int port, int poolSize, int maxPoolSize) implements AgiConfig {
        static Settings ok() {
            return new Settings(Duration.ofSeconds(2), 4573, 16, 400);
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String bind() {
            return "0.0.0.0";
        }

        @Override
        public String allow() {
            return "127.0.0.1/32";
        }
    }

    private static String refusal(Settings s) {
        return assertThrows(IllegalArgumentException.class, () -> HotlineAgiServer.check(s)).getMessage();
    }

    @Test
    void theDefaultsPass() {
        assertDoesNotThrow(() -> HotlineAgiServer.check(Settings.ok()));
        assertDoesNotThrow(() -> HotlineAgiServer.check(new Settings(Duration.ofMillis(1), 1, 1, 1)));
    }

    @Test
    void aReadTimeoutOfZeroOrLessOrOverAMinuteIsRefused() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofSeconds(-2), Duration.ofMinutes(2)}) {
            String why = refusal(new Settings(d, 4573, 16, 400));
            assertTrue(why.startsWith("HOTLINE_AGI_READ_TIMEOUT (hotline.agi.read-timeout) must be more than 0"), why);
            assertTrue(why.endsWith("was " + d), why);
        }
    }

    @Test
    void aPortOutOfRangeOrAPoolSmallerThanItsCoreIsRefused() {
        assertTrue(refusal(new Settings(Duration.ofSeconds(2), 0, 16, 400)).startsWith("HOTLINE_AGI_PORT"));
        assertTrue(refusal(new Settings(Duration.ofSeconds(2), 70000, 16, 400)).contains("was 70000"));
        assertTrue(refusal(new Settings(Duration.ofSeconds(2), 4573, 0, 400)).startsWith("HOTLINE_AGI_POOL_SIZE"));
        assertTrue(refusal(new Settings(Duration.ofSeconds(2), 4573, 16, 8)).contains("were 16 and 8"));
    }
}
