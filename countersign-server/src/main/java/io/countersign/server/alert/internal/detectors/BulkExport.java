package io.countersign.server.alert.internal.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D6, bulk export by one actor: at least {@code threshold} exports within {@code window},
 * or more than {@code rowsThreshold} exported rows within {@code rowsWindow}. An export
 * is any event whose action is {@code export} or whose type names one
 * ({@code data_export}), as the systems that report to the ledger write them; its rows
 * are {@code details.rows} (or {@code details.records}). A further page of one export
 * ({@code details.continued}) adds its rows but is not another export. Both limits
 * crossed by one event make one hit.
 */
@Component
class BulkExport extends RuleDetector {

	private final SubjectWindows exports;

	private final SubjectWindows rows;

	BulkExport(CurrentSettings settings) {
		super(Rule.D6, settings);
		this.exports = new SubjectWindows(settings.maxSubjects());
		this.rows = new SubjectWindows(settings.maxSubjects());
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		if (!EventFacts.isExport(event) || event.actorId() == null) {
			return List.of();
		}
		String actor = event.actorId();
		Optional<SubjectWindows.Reached> many = EventFacts.continuesAnExport(event) ? Optional.empty()
				: this.exports.add(actor, new Hit(event.index(), event.time(), 1), settings.limit(), settings.span());
		long exported = EventFacts.exportedRows(event);
		Optional<SubjectWindows.Reached> large = Optional.empty();
		if (exported > 0) {
			// "more than": reached at the threshold plus one
			large = this.rows.add(actor, new Hit(event.index(), event.time(), exported),
					settings.rowsThreshold().orElseThrow() + 1, settings.rowsWindow().orElseThrow());
		}
		if (many.isEmpty() && large.isEmpty()) {
			return List.of();
		}
		List<String> said = new ArrayList<>();
		List<Hit> evidence = new ArrayList<>();
		many.ifPresent((reached) -> {
			said.add(reached.count(reached.hits().size()) + " exports in " + minutes(settings.span()));
			evidence.addAll(reached.hits());
		});
		large.ifPresent((reached) -> {
			said.add(reached.count(reached.weight()) + " rows exported in " + minutes(settings.rowsWindow().get()));
			reached.hits().stream().filter((hit) -> !evidence.contains(hit)).forEach(evidence::add);
		});
		return List.of(finding(settings, "actor:" + actor, actor + ": " + String.join(", ", said),
				SubjectWindows.evidence(evidence)));
	}

	@Override
	void forget() {
		this.exports.reset();
		this.rows.reset();
	}

}
