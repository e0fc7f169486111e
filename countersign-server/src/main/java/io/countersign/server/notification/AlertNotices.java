package io.countersign.server.notification;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Notices about alerts, through the same inbox, channels, deliveries, worker, retries and
 * signatures as approval notices (docs/decisions/021, 027). Call {@link #write} inside
 * the transaction that makes the alert's state change: the inbox items and deliveries
 * commit with it or not at all, and the notification worker sends them afterwards.
 */
public interface AlertNotices {

	/**
	 * Writes the notice for every recipient, in the caller's transaction; nothing is sent
	 * here. Removed or unknown channels are skipped, as are people no longer active.
	 * @return how many inbox items and deliveries were written
	 */
	int write(AlertNotice notice, AlertRecipients recipients);

	/**
	 * The alert was acknowledged or resolved: its inbox items are history, which
	 * retention deletes once old enough (docs/decisions/031). Call in the transaction
	 * that closes it.
	 */
	void settled(String alertId, Instant at);

	/** The ones of {@code channelIds} that name no active channel, sorted. */
	Set<String> unknownChannels(Collection<String> channelIds);

}
