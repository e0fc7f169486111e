package io.countersign.server.compliance.internal;

import java.io.StringReader;
import java.util.Set;

import io.countersign.server.compliance.internal.catalog.Catalog;
import io.countersign.server.compliance.internal.catalog.CatalogReader;
import io.countersign.server.compliance.internal.catalog.CatalogReader.InvalidCatalogException;
import io.countersign.server.compliance.internal.checks.Check;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog shipped with the jar, and what a broken catalog does to the start. */
class CatalogTest {

	static final Set<String> CHECKS = Set.of("admin-mfa", "stale-admin-accounts", "access-review", "approval-policies",
			"no-self-approval", "ledger-verified", "ledger-checkpointed", "retention", "brute-force-lockout",
			"session-idle-timeout", "password-policy", "database-tls", "disk-encryption", "alert-sla");

	@Test
	void theShippedCatalogHas15To20ControlsPerFrameworkSharingOneSetOfChecks() {
		Catalog catalog = CatalogReader.shipped(CHECKS);
		assertThat(catalog.frameworks()).extracting(Catalog.Framework::id).containsExactly("soc2", "gdpr", "hipaa");
		for (Catalog.Framework framework : catalog.frameworks()) {
			assertThat(framework.controls()).hasSizeBetween(15, 20);
			assertThat(framework.controls()).anyMatch(Catalog.Control::automated);
			assertThat(framework.controls()).anyMatch((control) -> !control.automated());
		}
		assertThat(catalog.frameworks()
			.stream()
			.flatMap((framework) -> framework.controls().stream())
			.flatMap((control) -> control.checks().stream())
			.distinct()).containsExactlyInAnyOrderElementsOf(CHECKS);
		assertThat(catalog.control("hipaa-164.312b-audit-controls").orElseThrow().references())
			.containsExactly("§164.312(b)");
	}

	@Test
	void aControlNamingAnUnknownCheckIsRefusedByName() {
		String yaml = """
				version: "1"
				frameworks:
				  - id: soc2
				    name: SOC 2
				    controls:
				      - id: soc2-x
				        name: X
				        description: X
				        references: [CC6.1]
				        checks: [admin-mfa, admin-mfaa]
				        remedy: X
				        docs: x
				        weight: 3
				""";
		assertThatThrownBy(() -> CatalogReader.read(new StringReader(yaml), CHECKS))
			.isInstanceOf(InvalidCatalogException.class)
			.hasMessageContaining("control soc2-x names the unknown check 'admin-mfaa'");
		assertThatThrownBy(() -> CatalogReader.read(new StringReader(yaml.replace("weight: 3", "weight: 9")),
				Set.of("admin-mfa", "admin-mfaa")))
			.hasMessageContaining("weight must be a whole number from 1 to 5");
		assertThatThrownBy(() -> CatalogReader.read(new StringReader(yaml.replace("references: [CC6.1]", "")),
				Set.of("admin-mfa", "admin-mfaa")))
			.hasMessageContaining("references must be a list");
	}

	@Test
	void theServerDoesNotStartWhenTheCatalogNamesACheckThatDoesNotExist() {
		// the real configuration with one check only: every other check the shipped
		// catalog names is unknown
		new ApplicationContextRunner().withUserConfiguration(ComplianceConfiguration.class)
			.withBean(Check.class, () -> new Check() {
				@Override
				public String id() {
					return "admin-mfa";
				}

				@Override
				public io.countersign.server.compliance.CheckResult run(
						io.countersign.server.compliance.internal.checks.CheckContext context) {
					throw new UnsupportedOperationException();
				}
			})
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCatalogException.class)
					.hasMessageContaining("compliance catalog compliance/catalog.yaml: control")
					.hasMessageContaining("names the unknown check");
			});
	}

}
