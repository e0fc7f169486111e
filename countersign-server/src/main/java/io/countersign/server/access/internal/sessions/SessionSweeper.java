package io.countersign.server.access.internal.sessions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends timed-out console sessions every minute, so that {@code session_expired} is
 * recorded even for a browser that never comes back. Every server instance sweeps; ending
 * a session is atomic, so each is recorded once.
 */
@Component
class SessionSweeper {

	private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);

	private final ConsoleSessions sessions;

	SessionSweeper(ConsoleSessions sessions) {
		this.sessions = sessions;
	}

	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void sweep() {
		int ended = this.sessions.endTimedOut();
		if (ended > 0) {
			log.debug("Ended {} timed-out console sessions", ended);
		}
	}

}
