package io.countersign.server.approval.internal.delegations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.event.Event;
import io.countersign.server.access.People;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.ApprovalProperties;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lending one's right to decide to a named person for a bounded window, and finding the
 * delegation a delegated decision rests on (docs/approvals.md, "Delegation"; decision
 * 022). Only a right held directly is lent, and only a direct delegation is ever used: a
 * delegate decides with the delegator's own roles, never with roles lent to the
 * delegator.
 */
@Service
public class Delegating {

	public static final String DECIDE = "approvals:decide";

	static final String USER = "user";

	static final int MAX_REASON = 1000;

	private final Delegations delegations;

	private final PolicyBook policies;

	private final People people;

	private final RoleHolders holders;

	private final ApprovalAudit audit;

	private final ApprovalProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	Delegating(Delegations delegations, PolicyBook policies, People people, RoleHolders holders, ApprovalAudit audit,
			ApprovalProperties properties, TransactionTemplate transaction, Clock clock) {
		this.delegations = delegations;
		this.policies = policies;
		this.people = people;
		this.holders = holders;
		this.audit = audit;
		this.properties = properties;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** What {@code POST /api/v1/me/delegations} asks for. */
	public record Grant(String delegate, Optional<Instant> from, Optional<Instant> until,
			Optional<List<String>> actionTypes, String reason) {

	}

	public StoredDelegation grant(Caller caller, Grant grant) {
		Instant now = Rows.now(this.clock);
		String delegator = caller.username();
		if (!USER.equals(caller.kind())) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"A service account never decides, so it has no right to delegate.");
		}
		String delegate = (grant.delegate() == null) ? "" : grant.delegate().strip();
		if (delegate.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "delegate: the user name of the delegate");
		}
		if (delegate.equals(delegator)) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_TO_SELF,
					"You already hold your own right to decide; name someone else.");
		}
		String reason = reason(grant.reason());
		Instant from = grant.from().filter(now::isBefore).orElse(now);
		Instant until = grant.until()
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_DELEGATION_WINDOW,
					"until: when the delegation ends (RFC 3339), at most "
							+ this.properties.delegationMaxWindow().toDays() + " days after it begins"));
		window(from, until, now);
		List<String> actionTypes = actionTypes(grant.actionTypes().orElse(List.of()));
		if (!this.people.personOf(delegate).equals(Optional.of(delegate))) {
			throw new CountersignException(ErrorCode.ERR_ACCOUNT_NOT_FOUND,
					"delegate: '" + delegate + "' is not a user account (service accounts never decide).");
		}
		if (!holds(delegate, DECIDE, now)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "delegate: '" + delegate
					+ "' is not an active account holding " + DECIDE + ", so could not sign decisions.");
		}
		requireOwnRight(delegator, actionTypes, now);
		StoredDelegation delegation = new StoredDelegation(Event.newId(), delegator, delegate, from, until, actionTypes,
				reason, now, Optional.empty(), Optional.empty());
		this.transaction.executeWithoutResult((status) -> {
			this.delegations.insert(delegation);
			this.audit.recordChange(ApprovalEvents.DELEGATION_GRANTED, caller.actor(),
					ApprovalEvents.DELEGATION_RESOURCE, delegation.id(), Optional.of(reason), details(delegation));
		});
		return delegation;
	}

	/** The delegator withdraws it, or the delegate declines it. */
	public StoredDelegation revoke(Caller caller, String id) {
		Instant now = Rows.now(this.clock);
		StoredDelegation found = this.delegations.find(id)
			.filter((delegation) -> delegation.delegator().equals(caller.username())
					|| delegation.delegate().equals(caller.username()))
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_DELEGATION_NOT_FOUND,
					"No delegation given or received by you has the id '" + id + "'."));
		return this.transaction.execute((status) -> {
			if (this.delegations.revoke(id, caller.username(), now)) {
				Map<String, Object> details = details(found);
				details.put("revokedBy", caller.username());
				this.audit.recordChange(ApprovalEvents.DELEGATION_REVOKED, caller.actor(),
						ApprovalEvents.DELEGATION_RESOURCE, id, Optional.empty(), details);
			}
			return this.delegations.find(id).orElseThrow();
		});
	}

	/** Every delegation the caller gave or received. */
	public List<StoredDelegation> of(Caller caller) {
		return this.delegations.of(caller.username());
	}

	/**
	 * The delegation from {@code delegator} to {@code delegate} for {@code actionType} in
	 * force at {@code now}. Only a direct delegation counts.
	 * @throws CountersignException ERR_DELEGATION_EXPIRED when there was one but it is no
	 * longer (or not yet) in force, ERR_DELEGATION_CHAIN when the right reached the
	 * delegate only through someone else's delegation, ERR_DELEGATION_NOT_FOUND otherwise
	 */
	public StoredDelegation inForce(String delegator, String delegate, String actionType, Instant now) {
		List<StoredDelegation> direct = this.delegations.between(delegator, delegate)
			.stream()
			.filter((delegation) -> delegation.covers(actionType))
			.toList();
		Optional<StoredDelegation> usable = direct.stream().filter((delegation) -> delegation.inForce(now)).findFirst();
		if (usable.isPresent()) {
			return usable.get();
		}
		if (!direct.isEmpty()) {
			StoredDelegation last = direct.get(0);
			throw new CountersignException(ErrorCode.ERR_DELEGATION_EXPIRED,
					"Your delegation from '" + delegator + "' is " + last.status(now) + " (window " + last.from()
							+ " to " + last.until() + "); you cannot decide for them now.");
		}
		boolean chained = this.delegations.receivedInForce(delegate, now)
			.stream()
			.anyMatch((received) -> this.delegations.receivedInForce(received.delegator(), now)
				.stream()
				.anyMatch((upstream) -> upstream.delegator().equals(delegator)));
		if (chained) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_CHAIN,
					"'" + delegator + "' did not delegate to you; a right received by delegation is never passed on.");
		}
		throw new CountersignException(ErrorCode.ERR_DELEGATION_NOT_FOUND,
				"'" + delegator + "' has not delegated their right to decide on " + actionType + " to you.");
	}

	/** Whether the active account {@code username} holds {@code permission} now. */
	public boolean holds(String username, String permission, Instant now) {
		Set<String> roles = this.people.rolesOf(username, now);
		return !roles.isEmpty()
				&& this.holders.holdersWithPermission(roles, permission, now, true).containsKey(username);
	}

	/**
	 * The delegator lends only a right of their own: a role of theirs must count in the
	 * policy of each delegated action type (of some policy, when none is named). One who
	 * decides there only through a delegation received is refused as a chain.
	 */
	private void requireOwnRight(String delegator, List<String> actionTypes, Instant now) {
		Set<String> roles = this.people.rolesOf(delegator, now);
		List<PolicyDocument> scope = actionTypes.isEmpty() ? this.policies.allCurrent()
				: actionTypes.stream().map((type) -> this.policies.current(type).orElseThrow()).toList();
		List<String> without = scope.stream()
			.filter((policy) -> policy.deciderRoles().stream().noneMatch(roles::contains))
			.map(PolicyDocument::actionType)
			.toList();
		boolean lacking = actionTypes.isEmpty() ? without.size() == scope.size() : !without.isEmpty();
		if (!lacking) {
			return;
		}
		List<StoredDelegation> received = this.delegations.receivedInForce(delegator, now);
		boolean byDelegation = received.stream()
			.anyMatch((delegation) -> actionTypes.isEmpty() || without.stream().anyMatch(delegation::covers));
		if (byDelegation) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_CHAIN, "You decide on " + without
					+ " only by delegation; a right received by delegation is not delegated onward.");
		}
		throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
				"You hold " + roles + ", none of which decides on "
						+ (actionTypes.isEmpty() ? "any policy" : without.toString())
						+ "; there is no right of yours to delegate.");
	}

	private void window(Instant from, Instant until, Instant now) {
		Duration max = this.properties.delegationMaxWindow();
		if (!until.isAfter(now) || !until.isAfter(from)) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_WINDOW,
					"until must be in the future and after from.");
		}
		if (Duration.between(from, until).compareTo(max) > 0) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_WINDOW,
					"A delegation spans at most " + max + " (countersign.approvals.delegation-max-window); from " + from
							+ " until " + until + " is longer.");
		}
	}

	private List<String> actionTypes(List<String> requested) {
		Set<String> types = new TreeSet<>();
		for (String type : requested) {
			if (type == null || !PolicyDocument.isActionType(type) || this.policies.current(type).isEmpty()) {
				throw new CountersignException(ErrorCode.ERR_UNKNOWN_ACTION_TYPE,
						"actionTypes: no approval policy governs '" + type + "'.");
			}
			types.add(type);
		}
		return List.copyOf(types);
	}

	static String reason(String reason) {
		String stripped = (reason == null) ? "" : reason.strip();
		if (stripped.isEmpty() || stripped.length() > MAX_REASON
				|| stripped.chars().anyMatch(Character::isISOControl)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"reason: one line of at most " + MAX_REASON + " characters saying why");
		}
		return stripped;
	}

	static Map<String, Object> details(StoredDelegation delegation) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("delegator", delegation.delegator());
		details.put("delegate", delegation.delegate());
		details.put("from", delegation.from().toString());
		details.put("until", delegation.until().toString());
		details.put("actionTypes", delegation.actionTypes());
		return details;
	}

}
