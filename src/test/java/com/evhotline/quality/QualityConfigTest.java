package com.evhotline.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.LocalTime;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** The report time is refused at start-up unless it lies before 16:00, the source's deadline. */
class QualityConfigTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static SmallRyeConfig config(String reportAt) {
        return new SmallRyeConfigBuilder()
                .withMapping(QualityConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withDefaultValue("hotline.quality.report-at", reportAt)
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build();
    }

    @Test
    void aTimeBeforeFourIsTaken() {
        assertEquals(LocalTime.of(15, 59), config("15:59").getConfigMapping(QualityConfig.class).quality().reportTime());
        assertEquals(LocalTime.of(7, 5), config("7:05").getConfigMapping(QualityConfig.class).quality().reportTime());
    }

    @Test
    void fourOClockOrLaterIsRefusedSayingWhy() {
        for (String late : new String[] {"16:00", "17:30", "23:59", "half past three"}) {
            ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(late));
            assertTrue(e.getMessage().contains("before 16:00"), e.getMessage());
        }
    }
}
