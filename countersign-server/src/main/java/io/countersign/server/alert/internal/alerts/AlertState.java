package io.countersign.server.alert.internal.alerts;

/**
 * Where an alert is: open (new hits are added), acknowledged (someone is on it; hits are
 * still added) or resolved (closed: a later hit opens a new alert).
 */
public enum AlertState {

	OPEN, ACKNOWLEDGED, RESOLVED

}
