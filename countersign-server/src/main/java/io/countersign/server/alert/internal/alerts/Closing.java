package io.countersign.server.alert.internal.alerts;

import java.time.Instant;

/** Who acknowledged or resolved an alert, when, and why. */
public record Closing(String by, Instant at, String reason) {

}
