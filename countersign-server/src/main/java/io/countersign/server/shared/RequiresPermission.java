package io.countersign.server.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access rule of an HTTP endpoint: the caller must hold this permission (e.g.
 * {@code events:append}) through one of their roles. Which roles hold it is data, not
 * code. Every API handler carries exactly one of {@code @RequiresPermission},
 * {@link SelfService} or {@link PublicEndpoint}; a handler with none is refused to
 * everyone, and the authorization matrix test fails.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresPermission {

	/** The permission name, {@code <resource>:<action>}. */
	String value();

}
