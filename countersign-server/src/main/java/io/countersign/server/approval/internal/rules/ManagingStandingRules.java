package io.countersign.server.approval.internal.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ParameterConstraints;
import io.countersign.ledger.approval.StandingRule;
import io.countersign.ledger.event.Event;
import io.countersign.server.access.People;
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
 * Creating and revoking standing rules, each audited in its transaction
 * (docs/approvals.md, "Standing rules"). Only someone who could approve the action and
 * manage policies creates one, never for an elevated policy or a gated change.
 */
@Service
public class ManagingStandingRules {

	static final String DECIDE = "approvals:decide";

	static final String MANAGE = "policies:manage";

	static final int MAX_REASON = 1000;

	private final StandingRules rules;

	private final PolicyBook policies;

	private final People people;

	private final ApprovalAudit audit;

	private final ApprovalProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ManagingStandingRules(StandingRules rules, PolicyBook policies, People people, ApprovalAudit audit,
			ApprovalProperties properties, TransactionTemplate transaction, Clock clock) {
		this.rules = rules;
		this.policies = policies;
		this.people = people;
		this.audit = audit;
		this.properties = properties;
		this.transaction = transaction;
		this.clock = clock;
	}

	public StoredRule create(Caller caller, String actionType, Object constraints, Optional<Instant> until,
			String reason) {
		Instant now = Rows.now(this.clock);
		if (!caller.holds(DECIDE) || !caller.holds(MANAGE)) {
			throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
					"A standing rule is an approval given in advance: creating one needs both '" + DECIDE + "' and '"
							+ MANAGE + "'.");
		}
		if (!"user".equals(caller.kind())) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"A standing rule counts as its creator's approval, and a service account never approves.");
		}
		PolicyDocument policy = Optional.ofNullable(actionType)
			.filter(PolicyDocument::isActionType)
			.flatMap(this.policies::current)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ACTION_TYPE,
					"actionType: no approval policy governs '" + actionType + "'."));
		StandingRule.excluded(actionType, policy.elevated()).ifPresent((why) -> {
			throw new CountersignException(ErrorCode.ERR_STANDING_RULE_ELEVATED, "No standing rule for " + why + ".");
		});
		Set<String> roles = this.people.rolesOf(caller.username(), now);
		if (policy.deciderRoles().stream().noneMatch(roles::contains)) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"The rule would count as your approval, and decisions on '" + actionType
							+ "' count from holders of " + policy.deciderRoles() + "; you hold " + roles + ".");
		}
		ParameterConstraints parsed;
		try {
			parsed = ParameterConstraints.fromJson(constraints);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, ex.getMessage(), ex);
		}
		Duration max = this.properties.standingRuleMaxLifetime();
		Instant end = until.orElseThrow(() -> new CountersignException(ErrorCode.ERR_VALIDATION,
				"until: when the rule stops applying (RFC 3339), at most " + max + " from now"));
		if (!end.isAfter(now) || Duration.between(now, end).compareTo(max) > 0) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "until must be in the future and at most " + max
					+ " from now (countersign.approvals.standing-rule-max-lifetime).");
		}
		String why = reason(reason);
		String id = Event.newId();
		return this.transaction.execute((status) -> {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("actionType", actionType);
			details.put("constraints", parsed.toJson());
			details.put("createdBy", caller.username());
			details.put("until", end.toString());
			details.put("policy", Map.of("actionType", actionType, "version", (long) policy.version()));
			String eventId = this.audit.recordChange(ApprovalEvents.RULE_CREATED, caller.actor(),
					ApprovalEvents.RULE_RESOURCE, id, Optional.of(why), details);
			StoredRule rule = new StoredRule(id, actionType, parsed, caller.username(), now, end, why, eventId,
					Optional.empty(), Optional.empty());
			this.rules.insert(rule);
			return rule;
		});
	}

	/** Any holder of {@code policies:manage} may revoke a rule: that only takes away. */
	public StoredRule revoke(Caller caller, String id) {
		Instant now = Rows.now(this.clock);
		this.rules.find(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_STANDING_RULE_NOT_FOUND,
					"No standing rule has the id '" + id + "'."));
		return this.transaction.execute((status) -> {
			if (this.rules.revoke(id, caller.username(), now)) {
				StoredRule rule = this.rules.find(id).orElseThrow();
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("actionType", rule.actionType());
				details.put("createdBy", rule.createdBy());
				details.put("revokedBy", caller.username());
				this.audit.recordChange(ApprovalEvents.RULE_REVOKED, caller.actor(), ApprovalEvents.RULE_RESOURCE, id,
						Optional.empty(), details);
			}
			return this.rules.find(id).orElseThrow();
		});
	}

	public List<StoredRule> all() {
		return this.rules.all();
	}

	private static String reason(String reason) {
		String stripped = (reason == null) ? "" : reason.strip();
		if (stripped.isEmpty() || stripped.length() > MAX_REASON || stripped.chars().anyMatch(Character::isISOControl)
				|| stripped.indexOf('\u2028') >= 0 || stripped.indexOf('\u2029') >= 0) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"reason: one line of at most " + MAX_REASON + " characters saying why");
		}
		return stripped;
	}

}
