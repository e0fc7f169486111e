/**
 * Suspicious-activity alerts: detectors read the ledger in index order from a stored
 * position, each event evaluated once across restarts and instances; an alert names the
 * ledger entries that raised it, with inclusion proofs, and is routed to people through
 * the notification channels (docs/alerts.md).
 */
@ApplicationModule(displayName = "Alerts")
package io.countersign.server.alert;

import org.springframework.modulith.ApplicationModule;
