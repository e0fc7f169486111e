package io.countersign.server.approval.internal.requests;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PolicyVersion;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code approval_request} and {@code approval_revision} tables. A request's state
 * moves only under its row lock ({@link #lock}) or by a conditional update, so two
 * instances never both make the same transition.
 */
@Repository
public class ApprovalRequests {

	private static final String COLUMNS = """
			id, action_type, policy_version, initiator, state, revision, expires_at, created_at, updated_at,
			rollback_of, initiator_person""";

	private final JdbcClient jdbc;

	ApprovalRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredRequest request) {
		this.jdbc.sql("INSERT INTO approval_request (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(request.id().toString(), request.actionType(), request.policy().version(), request.initiator(),
					request.state().name(), request.revision(), Rows.utc(request.expiresAt()),
					Rows.utc(request.createdAt()), Rows.utc(request.updatedAt()),
					request.rollbackOf().map(ApprovalRequestId::toString).orElse(null), request.initiatorPerson())
			.update();
	}

	void insert(Revision revision) {
		this.jdbc.sql("""
				INSERT INTO approval_revision (request_id, revision, content, digest, created_at)
				VALUES (?, ?, ?, ?, ?)
				""")
			.params(revision.requestId().toString(), revision.number(), revision.contentText(), revision.digest().hex(),
					Rows.utc(revision.createdAt()))
			.update();
	}

	public Optional<StoredRequest> find(ApprovalRequestId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_request WHERE id = ?")
			.param(id.toString())
			.query(ApprovalRequests::request)
			.optional();
	}

	/**
	 * The request, its row locked until the transaction ends: the one place where
	 * decisions, claims and amendments of the same request queue up (other requests are
	 * not held up).
	 */
	public Optional<StoredRequest> lock(ApprovalRequestId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_request WHERE id = ? FOR UPDATE")
			.param(id.toString())
			.query(ApprovalRequests::request)
			.optional();
	}

	/**
	 * Moves the request from {@code from} to {@code to}, if it is still in {@code from};
	 * whether it moved.
	 */
	public boolean move(ApprovalRequestId id, ApprovalState from, ApprovalState to, Instant now) {
		from.moveTo(to);
		return this.jdbc.sql("UPDATE approval_request SET state = ?, updated_at = ? WHERE id = ? AND state = ?")
			.params(to.name(), Rows.utc(now), id.toString(), from.name())
			.update() == 1;
	}

	/** Makes {@code revision} the current one (under the row lock). */
	void revise(ApprovalRequestId id, int revision, Instant now) {
		this.jdbc.sql("UPDATE approval_request SET revision = ?, updated_at = ? WHERE id = ?")
			.params(revision, Rows.utc(now), id.toString())
			.update();
	}

	/**
	 * Expires the request if it is still under review and due: a conditional update, so
	 * of two instances racing only one changes the row (PostgreSQL re-checks the
	 * condition after the other's commit).
	 */
	boolean expire(ApprovalRequestId id, Instant now) {
		return this.jdbc.sql("""
				UPDATE approval_request SET state = 'EXPIRED', updated_at = ?
				WHERE id = ? AND state = 'UNDER_REVIEW' AND expires_at <= ?
				""").params(Rows.utc(now), id.toString(), Rows.utc(now)).update() == 1;
	}

	/** Requests under review past their expiry, oldest first. */
	List<ApprovalRequestId> due(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT id FROM approval_request WHERE state = 'UNDER_REVIEW' AND expires_at <= ?
				ORDER BY expires_at FETCH FIRST ? ROWS ONLY
				""").params(Rows.utc(now), limit).query((rs, row) -> ApprovalRequestId.of(rs.getString(1))).list();
	}

	public Revision revision(ApprovalRequestId id, int revision) {
		return this.jdbc
			.sql("SELECT request_id, revision, content, digest, created_at FROM approval_revision "
					+ "WHERE request_id = ? AND revision = ?")
			.params(id.toString(), revision)
			.query(ApprovalRequests::revision)
			.single();
	}

	public List<Revision> revisions(ApprovalRequestId id) {
		return this.jdbc
			.sql("SELECT request_id, revision, content, digest, created_at FROM approval_revision "
					+ "WHERE request_id = ? ORDER BY revision")
			.param(id.toString())
			.query(ApprovalRequests::revision)
			.list();
	}

	/** Rollback requests of {@code original} in any of {@code states}. */
	public List<StoredRequest> rollbacksOf(ApprovalRequestId original, Set<ApprovalState> states) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_request WHERE rollback_of = :original")
			.param("original", original.toString())
			.query(ApprovalRequests::request)
			.list()
			.stream()
			.filter((request) -> states.contains(request.state()))
			.toList();
	}

	/**
	 * One page of requests, newest first, after the cursor (keyset paging on the
	 * time-ordered ids: no OFFSET).
	 */
	public List<StoredRequest> page(RequestQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM approval_request r WHERE 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		query.state().ifPresent((state) -> {
			sql.append(" AND r.state = :state");
			params.put("state", state.name());
		});
		query.initiatedBy().ifPresent((person) -> {
			sql.append(" AND r.initiator = :initiator");
			params.put("initiator", person);
		});
		query.waitingFor().ifPresent((waiting) -> waitingFor(waiting, sql, params));
		query.after().ifPresent((after) -> {
			sql.append(" AND r.id < :after");
			params.put("after", after.toString());
		});
		sql.append(" ORDER BY r.id DESC FETCH FIRST :limit ROWS ONLY");
		params.put("limit", query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(ApprovalRequests::request).list();
	}

	/**
	 * A person may decide a request neither they nor the one they decide for initiated or
	 * took part in deciding (this revision, as the person counted or as a delegate), as
	 * {@code DecidingApproval} enforces; it waits for them if a role of theirs, or of a
	 * delegator whose delegation covers its action type, is one of its policy's roles.
	 */
	private static void waitingFor(RequestQuery.Waiting waiting, StringBuilder sql, Map<String, Object> params) {
		sql.append(" AND r.state = 'UNDER_REVIEW'").append(notPartOf(":me"));
		params.put("me", waiting.person());
		sql.append(" AND (").append(holdsPolicyRole(":roles"));
		params.put("roles", names(waiting.roles()));
		for (int i = 0; i < waiting.onBehalfOf().size(); i++) {
			RequestQuery.OnBehalfOf delegation = waiting.onBehalfOf().get(i);
			sql.append(" OR (").append(holdsPolicyRole(":roles" + i)).append(notPartOf(":delegator" + i));
			params.put("roles" + i, names(delegation.roles()));
			params.put("delegator" + i, delegation.delegator());
			if (!delegation.actionTypes().isEmpty()) {
				sql.append(" AND r.action_type IN (:types").append(i).append(')');
				params.put("types" + i, delegation.actionTypes());
			}
			sql.append(')');
		}
		sql.append(')');
	}

	private static String notPartOf(String person) {
		return " AND r.initiator_person <> " + person
				+ " AND NOT EXISTS (SELECT 1 FROM approval_decision d WHERE d.request_id = r.id"
				+ " AND d.revision = r.revision AND (d.person = " + person + " OR d.delegate = " + person + "))";
	}

	private static String holdsPolicyRole(String roles) {
		return "EXISTS (SELECT 1 FROM approval_policy_role p WHERE p.action_type = r.action_type"
				+ " AND p.version = r.policy_version AND p.role_name IN (" + roles + "))";
	}

	// IN () is not SQL: a name no role has stands for none
	private static List<String> names(Set<String> roles) {
		return roles.isEmpty() ? List.of("") : List.copyOf(roles);
	}

	private static StoredRequest request(ResultSet rs, int row) throws SQLException {
		return new StoredRequest(ApprovalRequestId.of(rs.getString("id")),
				new PolicyVersion(rs.getString("action_type"), rs.getInt("policy_version")), rs.getString("initiator"),
				rs.getString("initiator_person"), ApprovalState.valueOf(rs.getString("state")), rs.getInt("revision"),
				Rows.requiredInstant(rs, "expires_at"), Rows.requiredInstant(rs, "created_at"),
				Rows.requiredInstant(rs, "updated_at"),
				Optional.ofNullable(rs.getString("rollback_of")).map(ApprovalRequestId::of));
	}

	private static Revision revision(ResultSet rs, int row) throws SQLException {
		return new Revision(ApprovalRequestId.of(rs.getString("request_id")), rs.getInt("revision"),
				Revision.content(rs.getString("content")), RequestDigest.fromHex(rs.getString("digest")),
				Rows.requiredInstant(rs, "created_at"));
	}

}
