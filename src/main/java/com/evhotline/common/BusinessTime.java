package com.evhotline.common;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A date or time within {@link BusinessDates}' range. Null passes (say {@code @NotNull} where it must be given). */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = BusinessDates.Validator.class)
public @interface BusinessTime {

    String message() default BusinessDates.RANGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
