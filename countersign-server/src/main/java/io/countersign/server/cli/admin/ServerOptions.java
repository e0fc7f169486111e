package io.countersign.server.cli.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * Which server the administration commands talk to and with which API token. The token
 * comes from the environment or a file, never from an argument: command lines end up in
 * shell history and process listings.
 */
public final class ServerOptions {

	@Option(names = "--server", paramLabel = "<url>", defaultValue = "${env:COUNTERSIGN_URL:-http://localhost:8080}",
			description = "Base URL of the Countersign server (default: $COUNTERSIGN_URL, else ${DEFAULT-VALUE}).")
	URI server;

	@Option(names = "--token-file", paramLabel = "<file>",
			description = "File holding the API token (default: the token in $COUNTERSIGN_TOKEN).")
	Path tokenFile;

	ServerApi api() {
		return new ServerApi(this.server, token());
	}

	private String token() {
		if (this.tokenFile != null) {
			try {
				return Files.readString(this.tokenFile, StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new AdminFailure("cannot read the token file " + this.tokenFile + ": " + ex.getMessage());
			}
		}
		String token = System.getenv("COUNTERSIGN_TOKEN");
		if (token == null || token.isBlank()) {
			throw new AdminFailure("no API token: set COUNTERSIGN_TOKEN or pass --token-file");
		}
		return token.strip();
	}

}
