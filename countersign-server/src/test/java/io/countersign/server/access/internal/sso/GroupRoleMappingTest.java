package io.countersign.server.access.internal.sso;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class GroupRoleMappingTest {

	private final GroupRoleMapping mapping = new GroupRoleMapping(
			Map.of("cs-approvers", "approver", "finance-leads", "approver", "cs-auditors", "auditor"));

	@Test
	void mappedGroupsGiveTheirRolesAndOtherGroupsNothing() {
		assertThat(this.mapping.rolesFor(List.of("cs-auditors", "everyone")))
			.containsExactly(entry("auditor", "cs-auditors"));
	}

	@Test
	void aRoleGivenBySeveralGroupsIsNamedWithTheFirstOfThem() {
		assertThat(this.mapping.rolesFor(List.of("finance-leads", "cs-approvers")))
			.containsExactly(entry("approver", "cs-approvers"));
	}

	@Test
	void groupNamesMatchExactly() {
		assertThat(this.mapping.rolesFor(List.of("CS-APPROVERS", " cs-approvers"))).isEmpty();
	}

	@Test
	void theClaimMayBeAnArrayOrASingleString() {
		assertThat(GroupRoleMapping.groups(List.of("a", "b", 3))).containsExactly("a", "b");
		assertThat(GroupRoleMapping.groups("a")).containsExactly("a");
		assertThat(GroupRoleMapping.groups(null)).isEmpty();
		assertThat(GroupRoleMapping.groups(Map.of("a", "b"))).isEmpty();
	}

}
