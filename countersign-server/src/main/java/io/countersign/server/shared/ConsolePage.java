package io.countersign.server.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose handlers render pages of the web console under {@code /ui}
 * (HTML, not the API's JSON): the console's layout model (the signed-in person, the
 * navigation, the CSRF token) and its HTML error page apply to it. A feature keeps the
 * pages of its own use cases in its own module with this mark, so the console needs no
 * access to the feature's internals, and the feature none to the console's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsolePage {

}
