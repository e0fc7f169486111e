package io.countersign.server.alert.internal.engine;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.LedgerFeed;
import io.countersign.server.audit.ReservedEvents;

/** How the engine shows a ledger entry to detectors. */
final class Observation {

	private Observation() {
	}

	static ObservedEvent of(LedgerFeed.Entry entry) {
		Event event = entry.event();
		return new ObservedEvent(entry.index(), event.ts(), event.type(), event.actor().type(), event.actor().id(),
				event.action(), event.resource().map(Resource::type), event.resource().map(Resource::id),
				event.outcome().wire(), event.source().flatMap(Source::ip), event.details());
	}

	/**
	 * Whether detectors see the entry: not the engine's own {@code alert_} events (only
	 * Countersign may write that namespace), or an alert would feed detection that raises
	 * alerts, without end.
	 */
	static boolean shown(LedgerFeed.Entry entry) {
		return !ReservedEvents.namespaceOf(entry.event().type()).filter("alert_"::equals).isPresent();
	}

}
