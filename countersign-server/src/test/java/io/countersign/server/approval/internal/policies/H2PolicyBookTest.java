package io.countersign.server.approval.internal.policies;

import java.util.Optional;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.testing.H2ApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy book on the embedded H2: its migration seeds and stores alike. */
class H2PolicyBookTest extends H2ApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void theGatedActionsHaveTheirBuiltInPoliciesAndNewVersionsFollow() {
		assertThat(this.book.allCurrent()).extracting(PolicyDocument::actionType)
			.containsExactly("data.purge", "ledger.key.rotate", "policy.change", "role.grant.admin");
		PolicyDocument next = this.transaction.execute((status) -> this.book
			.activate(PolicyBookTest.policy("role.grant.admin", "2 of admin"), "ivan", Optional.empty()));
		assertThat(next.version()).isEqualTo(2);
		assertThat(this.book.current("role.grant.admin")).contains(next);
		assertThat(this.book.history("role.grant.admin")).hasSize(2);
	}

}
