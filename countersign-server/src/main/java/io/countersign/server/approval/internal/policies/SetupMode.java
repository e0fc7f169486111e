package io.countersign.server.approval.internal.policies;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Setup mode (docs/decisions/019): while fewer than two active accounts hold
 * {@code admin} there is nobody to approve a gated change, so it applies directly. It
 * ends for good, with {@code SETUP_MODE_ENDED} on the ledger, in the transaction in which
 * a second admin appears; once {@code approval_setup_mode.ended_at} is set it never comes
 * back, even if admins are later archived.
 *
 * <p>
 * The one row of {@code approval_setup_mode} is also the lock that serialises the changes
 * that can make a quorum unreachable (policy activations and access changes): each takes
 * it, then reads who may decide, so two of them cannot each count on the person the other
 * removes.
 */
@Component
public class SetupMode {

	static final String ADMIN = "admin";

	static final String ENDED = "SETUP_MODE_ENDED";

	private final JdbcClient jdbc;

	private final RoleHolders holders;

	private final AuditTrail trail;

	private final Clock clock;

	SetupMode(JdbcClient jdbc, RoleHolders holders, AuditTrail trail, Clock clock) {
		this.jdbc = jdbc;
		this.holders = holders;
		this.trail = trail;
		this.clock = clock;
	}

	/** Whether gated changes apply directly now (a read without lock, for answers). */
	public boolean active() {
		return endedAt(false).isEmpty() && this.holders.activeHolders(ADMIN, this.clock.instant()) < 2;
	}

	/**
	 * Inside a transaction: takes the lock and answers whether setup mode is on. If two
	 * admins exist but the end was not yet recorded (a grant that did not pass the access
	 * hook, such as one from an identity provider's group), it is ended here, by
	 * {@code actor}.
	 */
	public boolean lockActive(Actor actor) {
		Optional<Instant> ended = endedAt(true);
		if (ended.isPresent()) {
			return false;
		}
		return !endIfSecondAdmin(actor);
	}

	/** Inside a transaction: takes the lock that serialises reachability checks. */
	public void lock() {
		endedAt(true);
	}

	/**
	 * Inside the transaction of an access change that may have made a second admin: ends
	 * setup mode (and records it) if two active accounts now hold admin.
	 * @return whether setup mode has ended, now or before
	 */
	public boolean endIfSecondAdmin(Actor actor) {
		if (endedAt(true).isPresent()) {
			return true;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		int admins = this.holders.activeHolders(ADMIN, now);
		if (admins < 2) {
			return false;
		}
		this.jdbc.sql("UPDATE approval_setup_mode SET ended_at = ?, ended_by = ? WHERE id = 1 AND ended_at IS NULL")
			.params(Rows.utc(now), actor.id())
			.update();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("admins", (long) admins);
		details.put("endedAt", now.toString());
		this.trail.record(EventDraft.of(ENDED, actor)
			.withAction("setup_mode_ended")
			.withResource(new Resource("setup_mode", "approvals"))
			.withDetails(details));
		return true;
	}

	/** When setup mode ended, if it did. */
	public Optional<Instant> endedAt() {
		return endedAt(false);
	}

	private Optional<Instant> endedAt(boolean lock) {
		return this.jdbc.sql("SELECT ended_at FROM approval_setup_mode WHERE id = 1" + (lock ? " FOR UPDATE" : ""))
			.query((rs, row) -> Rows.instant(rs, "ended_at"))
			.single();
	}

}
