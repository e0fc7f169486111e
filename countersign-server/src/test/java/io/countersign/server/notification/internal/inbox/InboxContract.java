package io.countersign.server.notification.internal.inbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.event.Event;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What both databases must do with a step's inbox rows: every item of a list longer than
 * one statement takes is stored, once, as given.
 */
final class InboxContract {

	private InboxContract() {
	}

	static void storesEveryItemAcrossStatements(Inbox inbox) {
		int count = 2 * Inbox.ROWS_PER_STATEMENT + 1;
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<InboxItem> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			items.add(new InboxItem(Event.newId(), "person_" + (i % 3), InboxItem.APPROVAL, "request-" + i,
					"approval.requested", "Request " + i + " needs your decision", "/ui/approvals/request-" + i, at,
					Optional.empty()));
		}
		inbox.insert(items);
		inbox.insert(List.of());

		int stored = 0;
		for (int person = 0; person < 3; person++) {
			List<InboxItem> theirs = inbox.of("person_" + person, false, Optional.empty(), count);
			assertThat(inbox.unread("person_" + person)).isEqualTo(theirs.size());
			for (InboxItem item : theirs) {
				InboxItem sent = items.get(Integer.parseInt(item.requestId().substring("request-".length())));
				assertThat(item).isEqualTo(sent);
			}
			stored += theirs.size();
		}
		assertThat(stored).isEqualTo(count);
	}

}
