/**
 * Notifications: people hear about approval requests that need their decision and about
 * the outcomes of their own, in an in-app inbox, by e-mail and through generic and
 * Slack-compatible webhooks (docs/approvals.md, "Notifications"; docs/decisions/021).
 * Notices are written in the transaction of the approval step they are about and
 * delivered afterwards by a worker, so a slow receiver never holds an approval up and a
 * crash loses nothing.
 */
@ApplicationModule(displayName = "Notifications")
package io.countersign.server.notification;

import org.springframework.modulith.ApplicationModule;
