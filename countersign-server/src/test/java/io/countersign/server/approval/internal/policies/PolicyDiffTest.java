package io.countersign.server.approval.internal.policies;

import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.PolicyDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The diff approvers read: exactly the members that change. */
class PolicyDiffTest {

	@Test
	void aChangedPolicyShowsOnlyTheChangedMembersOldThenNew() {
		PolicyDocument next = new PolicyDocument("secret.rotate", 4, "Rotate a secret", List.of("operator"),
				"3 of approver and 1 of security", List.of("security"), true, Optional.of("admin"),
				PolicyYamlTest.ROTATE.expiresIn(), 30, "initiator");

		assertThat(PolicyDiff.of(Optional.of(PolicyYamlTest.ROTATE), next)).isEqualTo("""
				policy secret.rotate: version 3 -> 4
				- quorum: 2 of approver and 1 of security
				+ quorum: 3 of approver and 1 of security
				""");
		assertThat(PolicyDiff.changes(Optional.of(PolicyYamlTest.ROTATE), next)).isTrue();
		assertThat(PolicyDiff.changes(Optional.of(PolicyYamlTest.ROTATE), PolicyYamlTest.ROTATE.withVersion(9)))
			.isFalse();
	}

	@Test
	void aNewPolicyShowsEveryMember() {
		assertThat(PolicyDiff.of(Optional.empty(), PolicyYamlTest.PURGE)).isEqualTo("""
				policy data.purge: new, version 1
				+ description: Deleting or purging data
				+ initiators: [admin]
				+ quorum: 1 of admin
				+ veto: []
				+ elevated: false
				+ elevation: none
				+ expiresIn: PT24H
				+ minJustification: 20
				+ execution: initiator
				""");
	}

}
