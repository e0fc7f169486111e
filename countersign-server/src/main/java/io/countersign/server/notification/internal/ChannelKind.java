package io.countersign.server.notification.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a channel is reached. */
public enum ChannelKind {

	/** A generic webhook: JSON, signed with the channel's secret. */
	WEBHOOK,

	/** A Slack-compatible incoming webhook: {@code {"text": …}} with blocks. */
	SLACK,

	/** An e-mail address over SMTP. */
	EMAIL;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<ChannelKind> fromWire(String wire) {
		return Arrays.stream(values()).filter((kind) -> kind.wire().equals(wire)).findFirst();
	}

}
