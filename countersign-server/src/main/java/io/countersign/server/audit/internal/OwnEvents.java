package io.countersign.server.audit.internal;

import java.util.List;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * The {@code own} scope of the event permissions (the {@code agent} role): such a caller
 * appends only events whose actor is itself and reads only those.
 */
final class OwnEvents {

	static final String APPEND = "events:append";

	static final String READ = "events:read";

	private OwnEvents() {
	}

	static void checkAppend(Caller caller, List<EventDraft> drafts) {
		if (!caller.limitedToOwn(APPEND)) {
			return;
		}
		Actor self = caller.actor();
		for (EventDraft draft : drafts) {
			if (!draft.actor().equals(self)) {
				throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
						"'" + caller.username()
								+ "' holds events:append only for its own events: the actor must be {\"id\": \""
								+ self.id() + "\", \"type\": \"" + self.type() + "\"}");
			}
		}
	}

	/** The actor filter a query must use: the caller itself when limited to its own. */
	static Optional<String> actorFilter(Caller caller, Optional<String> requested) {
		if (!caller.limitedToOwn(READ)) {
			return requested;
		}
		if (requested.isPresent() && !requested.get().equals(caller.username())) {
			throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
					"'" + caller.username() + "' holds events:read only for its own events");
		}
		return Optional.of(caller.username());
	}

	/** Whether the caller may see an entry whose actor is {@code actor}. */
	static boolean mayRead(Caller caller, Actor actor) {
		return !caller.limitedToOwn(READ) || actor.equals(caller.actor());
	}

}
