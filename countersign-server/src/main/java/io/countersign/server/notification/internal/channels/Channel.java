package io.countersign.server.notification.internal.channels;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.notification.internal.ChannelKind;
import io.countersign.server.notification.internal.NotificationEvent;

/**
 * A receiver an administrator set up, and the notification events it gets.
 *
 * @param sealedSecret a webhook's shared secret, sealed under the master key
 */
public record Channel(String id, String name, ChannelKind kind, String target, Optional<byte[]> sealedSecret,
		Set<NotificationEvent> events, Instant createdAt, String createdBy, Instant updatedAt,
		Optional<Instant> removedAt) {

	public boolean active() {
		return this.removedAt.isEmpty();
	}

	/**
	 * The target as it may be shown and recorded: a Slack URL carries its secret in the
	 * path, so only its origin is shown; an e-mail address only its domain in the ledger.
	 */
	public String shownTarget() {
		return (this.kind == ChannelKind.SLACK) ? origin(this.target) + "/…" : this.target;
	}

	/** What the ledger keeps of the target: the host, or the address's domain. */
	public String recordedTarget() {
		if (this.kind == ChannelKind.EMAIL) {
			return this.target.substring(this.target.indexOf('@') + 1);
		}
		return URI.create(this.target).getHost();
	}

	static String origin(String url) {
		URI uri = URI.create(url);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	/** The context a channel's secret is sealed under: a sealed value opens only here. */
	public static String secretContext(String channelId) {
		return "notification_channel/" + channelId;
	}

}
