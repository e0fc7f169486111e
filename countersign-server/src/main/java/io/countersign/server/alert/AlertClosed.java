package io.countersign.server.alert;

import java.time.Instant;

/**
 * Someone acknowledged or resolved an alert; published inside that transaction (an
 * escalation waiting for it stops).
 *
 * @param alertId the alert
 * @param state {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param by the account that did it
 * @param reason the reason they gave
 * @param at when
 */
public record AlertClosed(String alertId, String state, String by, String reason, Instant at) {

}
