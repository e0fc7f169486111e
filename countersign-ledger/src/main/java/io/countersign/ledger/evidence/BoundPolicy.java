package io.countersign.ledger.evidence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.QuorumExpression;
import io.countersign.ledger.approval.QuorumPolicy;
import io.countersign.ledger.approval.RoleName;

/**
 * The policy document a revision is decided under, read back into the rules the server
 * applied: its quorum, veto roles and, when elevated, the elevation role.
 */
record BoundPolicy(String actionType, long version, QuorumPolicy rules, String quorumText) {

	static BoundPolicy of(Revision revision) throws TamperedEvidence {
		Map<String, Object> document = revision.policy();
		String where = revision.describe() + ": its policy document";
		try {
			if (!(document.get("actionType") instanceof String actionType)
					|| !(document.get("version") instanceof Long version)
					|| !(document.get("quorum") instanceof String quorum)) {
				throw new IllegalArgumentException("needs an actionType, a version and a quorum");
			}
			if (!(document.get("veto") instanceof List<?> vetoRoles)
					|| !(document.get("elevated") instanceof Boolean elevated)) {
				throw new IllegalArgumentException("needs a veto array and an elevated flag");
			}
			Set<RoleName> veto = new TreeSet<>();
			for (Object role : vetoRoles) {
				if (!(role instanceof String name)) {
					throw new IllegalArgumentException("veto holds role names, not " + role);
				}
				veto.add(RoleName.of(name));
			}
			Optional<RoleName> elevation = Optional.empty();
			if (elevated) {
				if (!(document.get("elevation") instanceof String role)) {
					throw new IllegalArgumentException("is elevated but names no elevation role");
				}
				elevation = Optional.of(RoleName.of(role));
			}
			return new BoundPolicy(actionType, version,
					new QuorumPolicy(QuorumExpression.parse(quorum), veto, elevation), quorum);
		}
		catch (IllegalArgumentException ex) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, where + ": " + ex.getMessage());
		}
	}

	/** How messages name it: {@code secret.rotate version 3 ("2 of approver")}. */
	String describe() {
		String elevated = this.rules.elevation().map((role) -> ", elevated by 1 of " + role).orElse("");
		return this.actionType + " version " + this.version + " (\"" + this.quorumText + "\"" + elevated + ")";
	}

}
