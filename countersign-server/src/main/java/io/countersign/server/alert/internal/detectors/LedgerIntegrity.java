package io.countersign.server.alert.internal.detectors;

import java.util.List;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.ReservedEvents;

import org.springframework.stereotype.Component;

/**
 * D10, the ledger's integrity (critical by default): a verification that found the ledger
 * tampered with or could not finish ({@code countersign_ledger_verification_failed}) and
 * a stored tree that no longer holds the tree head this server saw, signed or committed:
 * a checkpoint the stored ledger does not extend
 * ({@code countersign_tree_head_contradicted}). Both are Countersign's own (reserved)
 * types, so only events the server wrote count. A ledger that cannot append cannot say so
 * in itself: this rule never sees that (docs/alerts.md, decision 026). No state.
 */
@Component
class LedgerIntegrity extends RuleDetector {

	LedgerIntegrity(CurrentSettings settings) {
		super(Rule.D10, settings);
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		if (!ReservedEvents.isSystemActorType(String.valueOf(event.actorType()))) {
			return List.of();
		}
		String summary;
		if (EventFacts.VERIFICATION_FAILED.equals(event.type())) {
			summary = "Ledger verification " + EventFacts.text(event, "state").orElse("failed") + ": "
					+ EventFacts.text(event, "summary").orElse("no detail");
		}
		else if (EventFacts.TREE_HEAD_CONTRADICTED.equals(event.type())) {
			summary = "The stored ledger no longer extends the tree head of size " + EventFacts.number(event, "size")
					+ ": " + EventFacts.text(event, "detail").orElse("no detail");
		}
		else {
			return List.of();
		}
		return List.of(finding(settings, "ledger:main", summary, List.of(event.index())));
	}

	@Override
	void forget() {
	}

}
