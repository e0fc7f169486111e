package io.countersign.server.access.internal.tokens;

import java.util.Optional;

import io.countersign.server.shared.Caller;

/** The answer to a presented API token. */
sealed interface TokenAuthentication {

	record Accepted(Caller caller) implements TokenAuthentication {
	}

	/**
	 * @param reason why, for the ledger (never shown to the caller)
	 * @param tokenId the stored token, when the token was known
	 */
	record Refused(String reason, Optional<String> tokenId) implements TokenAuthentication {
	}

}
