package io.countersign.server.alert.internal.detectors;

import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D1: at least {@code threshold} failed sign-ins naming one account within {@code window}
 * ({@code authn_login_fail} with the account as actor or resource). Each further failure
 * while the count stays at or over the threshold is another hit of the same alert.
 */
@Component
class FailedSignInsForAccount extends RuleDetector {

	private final SubjectWindows windows;

	FailedSignInsForAccount(CurrentSettings settings) {
		super(Rule.D1, settings);
		this.windows = new SubjectWindows(settings.maxSubjects());
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		Optional<String> account = EventFacts.failedAccount(event);
		if (account.isEmpty()) {
			return List.of();
		}
		return this.windows
			.add(account.get(), new Hit(event.index(), event.time(), 1), settings.limit(), settings.span())
			.map((reached) -> List.of(finding(settings, "account:" + account.get(),
					reached.count(reached.hits().size()) + " failed sign-ins for " + account.get() + " in "
							+ minutes(settings.span()),
					SubjectWindows.evidence(reached.hits()))))
			.orElse(List.of());
	}

	@Override
	void forget() {
		this.windows.reset();
	}

}
