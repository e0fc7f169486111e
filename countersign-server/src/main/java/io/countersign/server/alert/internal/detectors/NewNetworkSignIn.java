package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D5: a successful sign-in ({@code authn_login_success} with a source address) from a
 * network (/24 IPv4, /48 IPv6) the account has not signed in from within {@code window}
 * (30 days). An account with no sign-in at all in the window has nothing to compare with:
 * its sign-in is learned, not reported.
 *
 * <p>
 * What it learned outlives restarts: the table {@code alert_account_network}, written in
 * the engine's transaction (so it commits or rolls back with the stored position); the
 * memory holds a cache of at most {@code max-subjects} accounts, emptied on
 * {@link #reset()}. It needs no replay ({@link #window()} is zero) and on a replayed
 * event does nothing.
 */
@Component
class NewNetworkSignIn extends RuleDetector {

	private final AccountNetworks networks;

	private final Cache<String, Map<String, Instant>> known;

	NewNetworkSignIn(CurrentSettings settings, AccountNetworks networks) {
		super(Rule.D5, settings);
		this.networks = networks;
		this.known = Caffeine.newBuilder().maximumSize(settings.maxSubjects()).build();
	}

	@Override
	public Duration window() {
		return Duration.ZERO;
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		if (replay) {
			return List.of();
		}
		Optional<String> account = EventFacts.signedInAccount(event);
		Optional<String> network = event.sourceIp().flatMap(Network::of);
		if (account.isEmpty() || network.isEmpty()) {
			return List.of();
		}
		Instant horizon = event.time().minus(settings.span());
		Map<String, Instant> seen = this.known.get(account.get(),
				(key) -> new HashMap<>(this.networks.seenSince(key, horizon)));
		seen.values().removeIf((last) -> !last.isAfter(horizon));
		Instant last = seen.get(network.get());
		boolean hasHistory = !seen.isEmpty();
		if (last == null) {
			// a new network is rare: the time to drop what fell out of the window
			this.networks.forget(account.get(), horizon);
		}
		if (last == null || event.time().isAfter(last)) {
			this.networks.seen(account.get(), network.get(), event.time());
			seen.put(network.get(), event.time());
		}
		if (last != null || !hasHistory) {
			return List.of();
		}
		return List.of(finding(
				settings, "account:" + account.get(), account.get() + " signed in from " + network.get()
						+ ", a network not seen for them in " + settings.span().toDays() + " days",
				List.of(event.index())));
	}

	@Override
	void forget() {
		this.known.invalidateAll();
	}

}
