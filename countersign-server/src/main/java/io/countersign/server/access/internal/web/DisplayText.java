package io.countersign.server.access.internal.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

/**
 * A text shown to people (a display name, a description, a token's name): not blank, and
 * free of control characters, so it cannot forge lines in a log or a terminal. Blank is
 * {@link String#isBlank()}'s and control characters are
 * {@link Character#isISOControl(char)}'s. An absent value is not checked here (combine
 * with {@code @NotNull} where it is required), so it also fits {@code Optional<…>}
 * elements.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "(?s).*\\P{javaWhitespace}.*", message = "must not be blank")
@Pattern(regexp = "[^\\x00-\\x1F\\x7F-\\x9F]*", message = "must not contain control characters")
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface DisplayText {

	String message() default "must be a text without control characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
