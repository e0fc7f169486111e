package io.countersign.server.alert.internal.detectors;

import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D2: at least {@code threshold} failed authentications from one source address within
 * {@code window}, whatever the credential: each {@code authn_login_fail} counts one, each
 * {@code authn_failures_aggregated} the failures it sums up beyond those it says were
 * recorded on their own (those are counted already).
 */
@Component
class FailedAuthenticationsFromSource extends RuleDetector {

	private final SubjectWindows windows;

	FailedAuthenticationsFromSource(CurrentSettings settings) {
		super(Rule.D2, settings);
		this.windows = new SubjectWindows(settings.maxSubjects());
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		long failures = EventFacts.failures(event);
		Optional<String> source = event.sourceIp();
		if (failures <= 0 || source.isEmpty()) {
			return List.of();
		}
		return this.windows
			.add(source.get(), new Hit(event.index(), event.time(), failures), settings.limit(), settings.span())
			.map((reached) -> List.of(finding(settings, "source:" + source.get(),
					reached.count(reached.weight()) + " failed authentications from " + source.get() + " in "
							+ minutes(settings.span()),
					SubjectWindows.evidence(reached.hits()))))
			.orElse(List.of());
	}

	@Override
	void forget() {
		this.windows.reset();
	}

}
