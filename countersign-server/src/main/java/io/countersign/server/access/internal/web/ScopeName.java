package io.countersign.server.access.internal.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * The scope of a permission in a role, as the API spells it: {@code all} or {@code own}.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "all|own")
@ReportAsSingleViolation
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface ScopeName {

	String message() default "must be all or own";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
