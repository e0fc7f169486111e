package io.countersign.server.approval.internal.policies;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.shared.CountersignException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The YAML form of policies, without a server: stable output, exact errors. */
class PolicyYamlTest {

	static final PolicyDocument ROTATE = new PolicyDocument("secret.rotate", 3, "Rotate a secret", List.of("operator"),
			"2 of approver and 1 of security", List.of("security"), true, Optional.of("admin"), Duration.ofHours(12),
			30, "initiator");

	static final PolicyDocument PURGE = new PolicyDocument("data.purge", 1, "Deleting or purging data",
			List.of("admin"), "1 of admin", List.of(), false, Optional.empty(), Duration.ofHours(24), 20, "initiator");

	@Test
	void writtenPoliciesReadBackAsTheSameDocumentsInActionTypeOrder() {
		String yaml = PolicyYaml.write(List.of(ROTATE, PURGE));

		assertThat(yaml.indexOf("actionType: data.purge")).isLessThan(yaml.indexOf("actionType: secret.rotate"));
		assertThat(PolicyYaml.write(List.of(PURGE, ROTATE))).isEqualTo(yaml);
		List<PolicyYaml.Entry> entries = PolicyYaml.read(yaml);
		assertThat(entries).hasSize(2);
		assertThat(PolicyForm.read(entries.get(0).form(), Set.of(), "admin")).isEqualTo(PURGE);
		assertThat(PolicyForm.read(entries.get(1).form(), Set.of(), "admin")).isEqualTo(ROTATE.withVersion(1));
	}

	@Test
	void yamlThatDoesNotParseIsRefusedWithLineAndColumn() {
		String yaml = """
				policies:
				  - actionType: secret.rotate
				    quorum: [2 of approver
				""";
		assertThatExceptionOfType(CountersignException.class).isThrownBy(() -> PolicyYaml.read(yaml))
			.withMessageContaining("line 4, column 1");
	}

	@Test
	void duplicateKeysAndForeignTypesAreRefused() {
		assertThatExceptionOfType(CountersignException.class)
			.isThrownBy(() -> PolicyYaml.read("policies:\n  - quorum: 1 of admin\n    quorum: 2 of admin\n"))
			.withMessageContaining("line 3");
		assertThatExceptionOfType(CountersignException.class)
			.isThrownBy(() -> PolicyYaml.read("policies:\n  - !!java.io.File [\"/etc/passwd\"]\n"))
			.withMessageContaining("line 2");
		assertThatExceptionOfType(CountersignException.class).isThrownBy(() -> PolicyYaml.read("- a\n- b\n"))
			.withMessageContaining("\"policies\"");
	}

	@Test
	void eachPolicyKnowsItsLineForLaterErrors() {
		List<PolicyYaml.Entry> entries = PolicyYaml.read("""
				policies:
				  - actionType: a.one
				    quorum: 1 of admin
				  - actionType: b.two
				    quorum: 2 approver
				""");
		assertThat(entries).extracting(PolicyYaml.Entry::line).containsExactly(2, 4);
		assertThat(entries.get(1).form()).containsEntry("quorum", "2 approver");
		assertThat(entries.get(0).form()).isEqualTo(Map.of("actionType", "a.one", "quorum", "1 of admin"));
	}

}
