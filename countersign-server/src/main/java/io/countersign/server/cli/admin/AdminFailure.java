package io.countersign.server.cli.admin;

/**
 * A refused or failed administration request, with the one-line reason the CLI prints
 * (the server's stable error code and message when it answered with a problem).
 */
public final class AdminFailure extends RuntimeException {

	public AdminFailure(String message) {
		super(message);
	}

}
