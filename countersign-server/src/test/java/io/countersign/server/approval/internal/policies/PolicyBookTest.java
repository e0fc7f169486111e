package io.countersign.server.approval.internal.policies;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The policy book on PostgreSQL: the built-in policies of the gated actions, new versions
 * and their history.
 */
class PolicyBookTest extends PostgresApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void theGatedActionsStartWithOneOtherAdminAsTheirQuorum() {
		assertThat(this.book.allCurrent()).extracting(PolicyDocument::actionType)
			.contains("data.purge", "ledger.key.rotate", "policy.change", "role.grant.admin");
		PolicyDocument policyChange = this.book.current("policy.change").orElseThrow();
		assertThat(policyChange.version()).isEqualTo(1);
		assertThat(policyChange.quorum()).isEqualTo("1 of admin");
		assertThat(policyChange.initiators()).containsExactly("admin");
		assertThat(policyChange.minJustification()).isEqualTo(20);
	}

	@Test
	void activatingAddsTheNextVersionAndKeepsTheOldOnes() {
		PolicyDocument first = this.transaction.execute((status) -> this.book
			.activate(policy("secret.rotate", "2 OF approver AND 1 of security"), "ivan", Optional.empty()));
		PolicyDocument second = this.transaction.execute(
				(status) -> this.book.activate(policy("secret.rotate", "(2 of approver)"), "ivan", Optional.empty()));

		assertThat(first.version()).isEqualTo(1);
		assertThat(first.quorum()).isEqualTo("2 of approver and 1 of security");
		assertThat(second.version()).isEqualTo(2);
		assertThat(this.book.current("secret.rotate")).contains(second);
		assertThat(this.book.history("secret.rotate")).containsExactly(first, second);
		assertThat(this.book.version("secret.rotate", 1)).contains(first);
		assertThat(this.book.current("no.such")).isEmpty();
	}

	@Test
	void aVersionReadInsideAnActivationThatRollsBackIsNeverServedAfterwards() {
		// the book remembers versions; one seen only inside a rolled-back transaction
		// must not outlive it, or a later activation of the same number would be shadowed
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.transaction.execute((status) -> {
			PolicyDocument doomed = this.book.activate(policy("probe.rolled.back", "1 of approver"), "ivan",
					Optional.empty());
			assertThat(this.book.version("probe.rolled.back", doomed.version())).contains(doomed);
			throw new IllegalStateException("roll back");
		}));
		assertThat(this.book.version("probe.rolled.back", 1)).isEmpty();

		PolicyDocument kept = this.transaction.execute(
				(status) -> this.book.activate(policy("probe.rolled.back", "2 of approver"), "ivan", Optional.empty()));
		assertThat(kept.version()).isEqualTo(1);
		assertThat(this.book.version("probe.rolled.back", 1)).contains(kept);
		assertThat(this.book.version("probe.rolled.back", 1).orElseThrow().quorum()).isEqualTo("2 of approver");
	}

	@Test
	void aPolicyDocumentRefusesWhatCannotBeEnforced() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> policy("secret.rotate", "2 approver"))
			.withMessageContaining("character 3");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PolicyDocument("Secret Rotate", 1, "", List.of("operator"), "1 of admin", List.of(),
					false, Optional.empty(), Duration.ofHours(1), 20, "initiator"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PolicyDocument("secret.rotate", 1, "", List.of(), "1 of admin", List.of(), false,
					Optional.empty(), Duration.ofHours(1), 20, "initiator"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PolicyDocument("secret.rotate", 1, "", List.of("operator"), "1 of admin", List.of(),
					true, Optional.empty(), Duration.ofHours(1), 20, "initiator"));
	}

	static PolicyDocument policy(String actionType, String quorum) {
		return new PolicyDocument(actionType, 1, "Rotate a secret", List.of("operator"), quorum, List.of(), false,
				Optional.empty(), Duration.ofHours(24), 20, "initiator");
	}

}
