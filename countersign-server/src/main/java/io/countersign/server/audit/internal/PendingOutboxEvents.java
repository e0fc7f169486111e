package io.countersign.server.audit.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.PendingEvents;

import org.springframework.stereotype.Component;

/**
 * {@link PendingEvents} from the {@code audit_outbox} rows. The outbox holds an event
 * only between its commit and its append (milliseconds, or until a drainer appends what a
 * stopped instance left), so reading and parsing it whole is cheap. A row that is not an
 * event's leaf is skipped: it is about nothing anyone can name, the drainer leaves it in
 * place and logs it, and counting it as pending about everything would stop every waiting
 * step for good.
 */
@Component
class PendingOutboxEvents implements PendingEvents {

	private final OutboxRows rows;

	PendingOutboxEvents(OutboxRows rows) {
		this.rows = rows;
	}

	@Override
	public Optional<Set<Resource>> resources() {
		List<OutboxRows.Waiting> waiting = this.rows.oldest(Optional.empty(), LIMIT + 1);
		if (waiting.size() > LIMIT) {
			return Optional.empty();
		}
		Set<Resource> resources = new HashSet<>();
		for (OutboxRows.Waiting row : waiting) {
			try {
				PreparedEvent.fromLeaf(row.leaf()).event().resource().ifPresent(resources::add);
			}
			catch (RuntimeException unreadable) {
				// see above
			}
		}
		return Optional.of(resources);
	}

}
