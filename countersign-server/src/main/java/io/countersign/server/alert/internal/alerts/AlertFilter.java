package io.countersign.server.alert.internal.alerts;

import java.util.Optional;

import io.countersign.server.alert.Severity;

/** What a list of alerts is limited to. */
public record AlertFilter(Optional<AlertState> state, Optional<Severity> severity, Optional<String> rule) {

}
