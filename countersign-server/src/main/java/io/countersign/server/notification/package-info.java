/**
 * Notifications: people hear about approval requests that need their decision and about
 * the outcomes of their own, and about alerts routed to them, in an in-app inbox, by
 * e-mail and through generic and Slack-compatible webhooks (docs/approvals.md,
 * "Notifications"; docs/alerts.md, "Routing"; docs/decisions/021 and 027). Notices are
 * written in the transaction of the step or alert they are about ({@link AlertNotices}
 * for alerts) and delivered afterwards by a worker, so a slow receiver never holds an
 * approval up and a crash loses nothing.
 */
@ApplicationModule(displayName = "Notifications")
package io.countersign.server.notification;

import org.springframework.modulith.ApplicationModule;
