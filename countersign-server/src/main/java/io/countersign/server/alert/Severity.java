package io.countersign.server.alert;

/** How urgent an alert is, lowest first; routes and escalation choose by it. */
public enum Severity {

	LOW, MEDIUM, HIGH, CRITICAL

}
