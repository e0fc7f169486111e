package io.countersign.server.approval.internal.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code approval_executor_call} and {@code approval_executor_attempt} tables: one
 * call per webhook-mode request, leased by one instance at a time with a conditional
 * update (decision 023), and every attempt at it.
 */
@Repository
public class ExecutorCalls {

	static final String PENDING = "PENDING";

	static final String ANSWERED = "ANSWERED";

	static final String GAVE_UP = "GAVE_UP";

	private final JdbcClient jdbc;

	ExecutorCalls(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Approved requests whose policy version executes by webhook, oldest first. */
	List<ApprovalRequestId> approvedForWebhook(int limit) {
		return this.jdbc.sql("""
				SELECT r.id FROM approval_request r
				JOIN approval_policy p ON p.action_type = r.action_type AND p.version = r.policy_version
				WHERE r.state = 'APPROVED' AND p.execution = 'webhook'
				ORDER BY r.id FETCH FIRST ? ROWS ONLY
				""").param(limit).query((rs, row) -> ApprovalRequestId.of(rs.getString(1))).list();
	}

	void create(ApprovalRequestId id, int revision, String url, String secretFingerprint, Instant now) {
		this.jdbc.sql("""
				INSERT INTO approval_executor_call (request_id, revision, url, secret, state, attempts, next_attempt_at,
				    created_at)
				VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)
				""").params(id.toString(), revision, url, secretFingerprint, Rows.utc(now), Rows.utc(now)).update();
	}

	/** Pending calls that are due and not held by a live lease, soonest first. */
	List<ApprovalRequestId> due(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT request_id FROM approval_executor_call
				WHERE state = 'PENDING' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until < ?)
				ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY
				""")
			.params(Rows.utc(now), Rows.utc(now), limit)
			.query((rs, row) -> ApprovalRequestId.of(rs.getString(1)))
			.list();
	}

	/**
	 * Takes the lease of a due call for {@code instance} and numbers the attempt; empty
	 * when another instance took it first. The condition is evaluated again after a
	 * concurrent writer commits (PostgreSQL READ COMMITTED, H2 row locks), so of any
	 * number of instances exactly one update changes the row.
	 */
	Optional<Integer> lease(ApprovalRequestId id, String instance, Instant now, Instant until) {
		int changed = this.jdbc.sql("""
				UPDATE approval_executor_call SET attempts = attempts + 1, leased_by = ?, leased_until = ?
				WHERE request_id = ? AND state = 'PENDING' AND next_attempt_at <= ?
				  AND (leased_until IS NULL OR leased_until < ?)
				""").params(instance, Rows.utc(until), id.toString(), Rows.utc(now), Rows.utc(now)).update();
		if (changed == 0) {
			return Optional.empty();
		}
		int attempt = this.jdbc.sql("SELECT attempts FROM approval_executor_call WHERE request_id = ?")
			.param(id.toString())
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO approval_executor_attempt (request_id, attempt, instance, started_at) VALUES (?, ?, ?, ?)
				""").params(id.toString(), attempt, instance, Rows.utc(now)).update();
		return Optional.of(attempt);
	}

	void finishAttempt(ApprovalRequestId id, int attempt, Instant now, Optional<Integer> httpStatus, String outcome,
			Optional<String> error) {
		this.jdbc.sql("""
				UPDATE approval_executor_attempt SET finished_at = ?, http_status = ?, outcome = ?, error = ?
				WHERE request_id = ? AND attempt = ?
				""")
			.params(Rows.utc(now), httpStatus.orElse(null), outcome,
					error.map((text) -> (text.length() > 2000) ? text.substring(0, 2000) : text).orElse(null),
					id.toString(), attempt)
			.update();
	}

	/** Ends the call: the executor answered, or Countersign gave up. */
	void end(ApprovalRequestId id, String state) {
		this.jdbc.sql("""
				UPDATE approval_executor_call SET state = ?, leased_by = NULL, leased_until = NULL
				WHERE request_id = ? AND state = 'PENDING'
				""").params(state, id.toString()).update();
	}

	/**
	 * Schedules the next attempt after a failed one, if the lease is still this attempt's
	 * (an instance that overran its lease leaves the call to the one that took it over).
	 */
	boolean retryLater(ApprovalRequestId id, int attempt, Instant next) {
		return this.jdbc.sql("""
				UPDATE approval_executor_call SET next_attempt_at = ?, leased_by = NULL, leased_until = NULL
				WHERE request_id = ? AND state = 'PENDING' AND attempts = ?
				""").params(Rows.utc(next), id.toString(), attempt).update() == 1;
	}

	/** The fingerprint of the secret the call is signed with. */
	String secretOf(ApprovalRequestId id) {
		return this.jdbc.sql("SELECT secret FROM approval_executor_call WHERE request_id = ?")
			.param(id.toString())
			.query(String.class)
			.single()
			.trim();
	}

	public Optional<ExecutorCall> of(ApprovalRequestId id) {
		List<ExecutorCall.Attempt> history = this.jdbc
			.sql("SELECT * FROM approval_executor_attempt WHERE request_id = ? ORDER BY attempt")
			.param(id.toString())
			.query(ExecutorCalls::attempt)
			.list();
		return this.jdbc.sql("SELECT * FROM approval_executor_call WHERE request_id = ?")
			.param(id.toString())
			.query((rs, row) -> call(rs, history))
			.optional();
	}

	private static ExecutorCall call(ResultSet rs, List<ExecutorCall.Attempt> history) throws SQLException {
		boolean pending = PENDING.equals(rs.getString("state"));
		return new ExecutorCall(ApprovalRequestId.of(rs.getString("request_id")), rs.getInt("revision"),
				rs.getString("url"), rs.getString("state"), rs.getInt("attempts"),
				pending ? Rows.instant(rs, "next_attempt_at") : Optional.empty(), Rows.instant(rs, "leased_until"),
				history);
	}

	private static ExecutorCall.Attempt attempt(ResultSet rs, int row) throws SQLException {
		int status = rs.getInt("http_status");
		Optional<Integer> httpStatus = rs.wasNull() ? Optional.empty() : Optional.of(status);
		return new ExecutorCall.Attempt(rs.getInt("attempt"), rs.getString("instance"),
				Rows.requiredInstant(rs, "started_at"), Rows.instant(rs, "finished_at"), httpStatus,
				Optional.ofNullable(rs.getString("outcome")), Optional.ofNullable(rs.getString("error")));
	}

}
