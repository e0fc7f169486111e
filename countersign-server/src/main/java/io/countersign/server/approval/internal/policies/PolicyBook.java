package io.countersign.server.approval.internal.policies;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every version of every approval policy (the {@code approval_policy} table): the highest
 * version of an action type is in force; a version, once activated, never changes, so a
 * request stays bound to exactly the rules it was opened under.
 */
@Repository
public class PolicyBook {

	private static final String COLUMNS = """
			action_type, version, description, initiators, quorum, veto, elevated, elevation, expires_in,
			min_justification, execution, executor_url, executor_secret""";

	private final JdbcClient jdbc;

	private final Clock clock;

	// Versions never change once committed, and every open and decision reads one. One
	// read inside the transaction that activates it is forgotten when that transaction
	// ends, so a rolled-back version is never served.
	private final Map<String, PolicyDocument> versions = new ConcurrentHashMap<>();

	PolicyBook(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Stores {@code proposed} as the next version of its action type (its own version
	 * number is ignored) and returns it as stored. Call it inside the transaction that
	 * records why (the ledger event); a concurrent activation of the same action type
	 * makes one of them fail with {@code ERR_CONCURRENT_CHANGE}.
	 * @param activatedBy the person, or {@code countersign}
	 * @param request the {@code policy.change} request that approved it, if any
	 */
	public PolicyDocument activate(PolicyDocument proposed, String activatedBy, Optional<String> request) {
		int next = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM approval_policy WHERE action_type = ?")
			.param(proposed.actionType())
			.query(Integer.class)
			.single() + 1;
		PolicyDocument document = proposed.withVersion(next);
		try {
			this.jdbc.sql("""
					INSERT INTO approval_policy (action_type, version, description, initiators, quorum, veto, elevated,
					    elevation, expires_in, min_justification, execution, activated_at, activated_by,
					    activated_by_request, executor_url, executor_secret)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					""")
				.params(document.actionType(), document.version(), document.description(),
						Rows.names(document.initiators()), document.quorum(), Rows.names(document.veto()),
						document.elevated(), document.elevation().orElse(null), document.expiresIn().toString(),
						document.minJustification(), document.execution(), Rows.utc(this.clock.instant()), activatedBy,
						request.orElse(null), document.executor().map(PolicyDocument.Executor::url).orElse(null),
						document.executor().map(PolicyDocument.Executor::secretFingerprint).orElse(null))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new CountersignException(ErrorCode.ERR_CONCURRENT_CHANGE,
					"Another version of the policy for '" + proposed.actionType() + "' was activated at the same time.",
					ex);
		}
		forgetWhenDone(document);
		for (String role : document.deciderRoles()) {
			this.jdbc.sql("INSERT INTO approval_policy_role (action_type, version, role_name) VALUES (?, ?, ?)")
				.params(document.actionType(), document.version(), role)
				.update();
		}
		return document;
	}

	/** The version in force for an action type, if any policy governs it. */
	public Optional<PolicyDocument> current(String actionType) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM approval_policy WHERE action_type = ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY
				""").param(actionType).query(PolicyBook::document).optional();
	}

	/** The version in force of every action type, by action type. */
	public List<PolicyDocument> allCurrent() {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM approval_policy p
				WHERE version = (SELECT MAX(version) FROM approval_policy q WHERE q.action_type = p.action_type)
				ORDER BY action_type
				""").query(PolicyBook::document).list();
	}

	/** Every version of an action type's policy, oldest first (empty if none). */
	public List<PolicyDocument> history(String actionType) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_policy WHERE action_type = ? ORDER BY version")
			.param(actionType)
			.query(PolicyBook::document)
			.list();
	}

	/** One version, e.g. the one a request is bound to. */
	public Optional<PolicyDocument> version(String actionType, int version) {
		PolicyDocument known = this.versions.get(key(actionType, version));
		if (known != null) {
			return Optional.of(known);
		}
		Optional<PolicyDocument> read = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM approval_policy WHERE action_type = ? AND version = ?")
			.params(actionType, version)
			.query(PolicyBook::document)
			.optional();
		read.ifPresent((document) -> this.versions.put(key(actionType, version), document));
		return read;
	}

	private void forgetWhenDone(PolicyDocument activated) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					PolicyBook.this.versions.remove(key(activated.actionType(), activated.version()));
				}
			});
		}
	}

	private static String key(String actionType, int version) {
		return actionType + "@" + version;
	}

	private static PolicyDocument document(ResultSet rs, int row) throws SQLException {
		String executorUrl = rs.getString("executor_url");
		String executorSecret = rs.getString("executor_secret");
		return new PolicyDocument(rs.getString("action_type"), rs.getInt("version"), rs.getString("description"),
				Rows.names(rs.getString("initiators")), rs.getString("quorum"), Rows.names(rs.getString("veto")),
				rs.getBoolean("elevated"), Optional.ofNullable(rs.getString("elevation")),
				Duration.parse(rs.getString("expires_in")), rs.getInt("min_justification"), rs.getString("execution"),
				Optional.ofNullable(executorUrl).map((url) -> new PolicyDocument.Executor(url, executorSecret.trim())));
	}

}
