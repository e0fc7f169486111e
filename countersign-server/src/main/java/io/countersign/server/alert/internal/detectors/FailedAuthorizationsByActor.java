package io.countersign.server.alert.internal.detectors;

import java.util.List;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D8: at least {@code threshold} authorization failures ({@code authz_fail}: a missing
 * permission, a refused self-grant, any rule that denied) by one actor within
 * {@code window}.
 */
@Component
class FailedAuthorizationsByActor extends RuleDetector {

	private final SubjectWindows windows;

	FailedAuthorizationsByActor(CurrentSettings settings) {
		super(Rule.D8, settings);
		this.windows = new SubjectWindows(settings.maxSubjects());
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		if (!EventFacts.AUTHZ_FAIL.equals(event.type()) || event.actorId() == null) {
			return List.of();
		}
		String actor = event.actorId();
		return this.windows.add(actor, new Hit(event.index(), event.time(), 1), settings.limit(), settings.span())
			.map((reached) -> List.of(finding(settings, "actor:" + actor,
					reached.count(reached.hits().size()) + " authorization failures by " + actor + " in "
							+ minutes(settings.span()),
					SubjectWindows.evidence(reached.hits()))))
			.orElse(List.of());
	}

	@Override
	void forget() {
		this.windows.reset();
	}

}
