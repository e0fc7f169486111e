package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link OutboundGuard} found about a destination just before sending.
 */
public sealed interface OutboundCheck {

	/** Every address the host resolved to may be sent to. */
	record Allowed(List<InetAddress> addresses) implements OutboundCheck {

		public Allowed {
			addresses = List.copyOf(addresses);
		}

	}

	/** Countersign does not send there; sending again will not change that. */
	record Refused(String reason) implements OutboundCheck {

	}

	/**
	 * The host did not resolve (now): nothing is sent, and a later attempt may find it.
	 */
	record Unresolved(String reason) implements OutboundCheck {

	}

}
