/**
 * The web console under {@code /ui}: server-rendered pages (Thymeleaf, htmx for partial
 * updates, scripts as static files so the Content-Security-Policy needs no
 * {@code unsafe-inline}), signed in with the console session of the access module. Pages
 * read and change other modules only through their root APIs; every check is on the
 * server (docs/console.md).
 */
@ApplicationModule(displayName = "Console")
package io.countersign.server.console;

import org.springframework.modulith.ApplicationModule;
