package io.countersign.server.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.countersign.server.access.AdminRecovery;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code recover-admin}: the way back when every admin credential is lost. Whoever can
 * write the database and holds the master key (proved by opening the ledger's keys with
 * it) gets a new API token for an existing active admin account, printed once. The
 * token's {@code authn_token_created} event (reason {@code recovery}) is written into the
 * audit outbox in the token's transaction; a running server appends it within seconds, a
 * stopped one when it starts.
 */
@Command(name = "recover-admin", sortOptions = false, description = {
		"Issue a new API token for an existing admin account, straight in the database.",
		"Needs the database (--db) and the master key. With the embedded H2 database, stop the server first.",
		"The token is printed once; the issue is recorded in the ledger (authn_token_created, reason recovery)." })
final class RecoverAdminCommand implements Callable<Integer> {

	static final int MAX_HOURS = 24 * 90;

	private final PrintStream out;

	@Spec
	CommandSpec spec;

	@Mixin
	DatabaseOptions database = new DatabaseOptions();

	@Option(names = "--username", paramLabel = "<admin>", defaultValue = "admin",
			description = "The active admin account to issue the token for (default: ${DEFAULT-VALUE}).")
	String username;

	@Option(names = "--valid-hours", paramLabel = "<hours>", defaultValue = "24",
			description = "How long the token lives, 1 to " + MAX_HOURS + " hours (default: ${DEFAULT-VALUE}).")
	int validHours;

	@Mixin
	VerboseOption verbose = new VerboseOption();

	RecoverAdminCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Integer call() throws Exception {
		if (!this.database.present()) {
			throw new ParameterException(this.spec.commandLine(), "give the database with --db <jdbc-url>");
		}
		if (this.validHours < 1 || this.validHours > MAX_HOURS) {
			throw new ParameterException(this.spec.commandLine(), "--valid-hours must be 1 to " + MAX_HOURS);
		}
		SecretSealer sealer = new SecretSealer(DatabaseVerification.masterKey(this.database));
		AdminRecovery.RecoveredToken token;
		try (Connection connection = this.database.dataSource().getConnection()) {
			// the master key must open the ledger's keys: database access alone does not
			// make an operator
			LedgerKeyRing.load(connection, sealer, LedgerOrigin.of(connection));
			token = AdminRecovery.issueToken(connection, this.username, Duration.ofHours(this.validHours),
					Instant.now());
		}
		catch (SQLException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"cannot write the database " + Redacted.url(this.database.url) + ": " + ex.getMessage(), ex);
		}
		this.out.println("Issued API token " + token.tokenId() + " for '" + this.username + "', valid until "
				+ token.expiresAt() + ". It is shown only this once:");
		this.out.println();
		this.out.println("   " + token.token());
		this.out.println();
		this.out.println("Recorded as ledger event " + token.eventId()
				+ " (authn_token_created, reason recovery) once a server drains the audit outbox.");
		return ExitStatus.OK;
	}

}
