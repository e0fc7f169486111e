package io.countersign.server.alert.internal.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D4: a successful sign-in ({@code authn_login_success}) to an account that had at least
 * {@code threshold} failed sign-ins within {@code window} before it: a guess that worked,
 * or the owner racing a guesser. A success starts the account's count afresh, so the next
 * success fires only after a new burst.
 */
@Component
class SignInAfterFailures extends RuleDetector {

	private final SubjectWindows failures;

	SignInAfterFailures(CurrentSettings settings) {
		super(Rule.D4, settings);
		this.failures = new SubjectWindows(settings.maxSubjects());
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		Optional<String> failed = EventFacts.failedAccount(event);
		if (failed.isPresent()) {
			this.failures.add(failed.get(), new Hit(event.index(), event.time(), 1), settings.limit(), settings.span());
			return List.of();
		}
		Optional<String> account = EventFacts.signedInAccount(event);
		if (account.isEmpty()) {
			return List.of();
		}
		SubjectWindows.Reached burst = this.failures.hits(account.get(), event.time(), settings.span());
		this.failures.clear(account.get());
		if (burst.hits().size() < settings.limit()) {
			return List.of();
		}
		List<Hit> evidence = new ArrayList<>(burst.hits());
		evidence.add(new Hit(event.index(), event.time(), 1));
		return List.of(finding(
				settings, "account:" + account.get(), account.get() + " signed in after "
						+ burst.count(burst.hits().size()) + " failed sign-ins in " + minutes(settings.span()),
				SubjectWindows.evidence(evidence)));
	}

	@Override
	void forget() {
		this.failures.reset();
	}

}
