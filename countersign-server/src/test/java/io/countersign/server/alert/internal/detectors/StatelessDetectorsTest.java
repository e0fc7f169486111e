package io.countersign.server.alert.internal.detectors;

import java.util.Map;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** D7 (privilege escalation) and D10 (ledger integrity): one event each. */
class StatelessDetectorsTest {

	private final Events events = new Events();

	private final PrivilegeEscalation d7 = new PrivilegeEscalation(new Events.Fixed());

	private final LedgerIntegrity d10 = new LedgerIntegrity(new Events.Fixed());

	@Test
	void d7FiresOnAdminGrantedWithoutAnApprovalAndNotOnAnApprovedOne() {
		ObservedEvent direct = this.events.grant("user", "root", "bob", "admin", Map.of());
		assertThat(this.d7.observe(direct, false)).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("D7");
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.subject()).isEqualTo("account:bob");
			assertThat(finding.summary()).isEqualTo("root granted admin to bob without an approval");
			assertThat(finding.evidence()).containsExactly(direct.index());
		});
		assertThat(
				this.d7.observe(this.events.grant("user", "root", "bob", "admin", Map.of("approval_id", "a1")), false))
			.as("granted by an approval")
			.isEmpty();
		assertThat(this.d7.observe(this.events.grant("user", "root", "bob", "approver", Map.of()), false))
			.as("another role")
			.isEmpty();
		assertThat(this.d7.observe(this.events.grant("system", "countersign", "first", "admin", Map.of()), false))
			.as("the first admin, made by Countersign")
			.isEmpty();
	}

	@Test
	void d7FiresOnARoleGrantedToOneselfAndOnARefusedAttempt() {
		assertThat(this.d7.observe(this.events.grant("user", "Bob", "bob", "approver", Map.of("approval_id", "a1")),
				false))
			.singleElement()
			.extracting(Finding::summary)
			.isEqualTo("Bob granted themselves the role approver");
		ObservedEvent refused = this.events.event("authz_fail", "user", "bob", Optional.of("role_grant"),
				Optional.of("account"), Optional.of("bob"), "denied", Optional.empty(),
				Map.of("role", "admin", "rule", "no self-grant"), Map.of());
		assertThat(this.d7.observe(refused, false)).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("account:bob");
			assertThat(finding.summary()).contains("tried to change their own access").contains("refused");
		});
	}

	@Test
	void d7FiresWhenARolesPermissionsWidenAndNotWhenTheyNarrow() {
		ObservedEvent added = permissions("add");
		assertThat(this.d7.observe(added, false)).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("role:approver");
			assertThat(finding.summary()).isEqualTo("root widened the role approver: users:manage (all)");
		});
		assertThat(this.d7.observe(permissions("remove"), false)).isEmpty();
	}

	@Test
	void d10FiresCriticalOnAFailedVerificationAndAContradictedTreeHead() {
		ObservedEvent failed = this.events.event("countersign_ledger_verification_failed", "system", "countersign",
				Optional.of("verify"), Optional.of("ledger_verification"), Optional.of("r1"), "failure",
				Optional.empty(), Map.of("state", "tampered", "summary", "LEAF_HASH_MISMATCH at index 7"), Map.of());
		assertThat(this.d10.observe(failed, false)).singleElement().satisfies((finding) -> {
			assertThat(finding.rule()).isEqualTo("D10");
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.subject()).isEqualTo("ledger:main");
			assertThat(finding.summary()).isEqualTo("Ledger verification tampered: LEAF_HASH_MISMATCH at index 7");
		});
		ObservedEvent contradicted = this.events.event("countersign_tree_head_contradicted", "system", "countersign",
				Optional.of("check_tree_head"), Optional.of("tree_head"), Optional.of("12"), "failure",
				Optional.empty(), Map.of("size", 12, "detail", "the ledger now ends after 9 entries"), Map.of());
		assertThat(this.d10.observe(contradicted, false)).singleElement()
			.extracting(Finding::summary)
			.isEqualTo("The stored ledger no longer extends the tree head of size 12: the ledger now ends after 9 "
					+ "entries");
	}

	@Test
	void d10IgnoresTheSameTypeFromAnyoneButCountersign() {
		ObservedEvent forged = this.events.event("countersign_ledger_verification_failed", "user", "mallory",
				Optional.empty(), Optional.empty(), Optional.empty(), "failure", Optional.empty(), Map.of(), Map.of());
		assertThat(this.d10.observe(forged, false)).isEmpty();
	}

	private ObservedEvent permissions(String change) {
		return this.events.event("privilege_permissions_changed", "user", "root", Optional.of("grant_permission"),
				Optional.of("role"), Optional.of("approver"), "success", Optional.empty(),
				Map.of("role", "approver", "permission", "users:manage", "scope", "all", "change", change), Map.of());
	}

}
