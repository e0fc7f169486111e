package io.countersign.server.compliance.internal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.server.compliance.internal.catalog.Catalog;
import io.countersign.server.compliance.internal.catalog.CatalogReader;
import io.countersign.server.compliance.internal.checks.Check;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ComplianceProperties.class)
@EnableScheduling
class ComplianceConfiguration {

	/**
	 * The catalog shipped with the jar, checked against the checks that exist: a control
	 * naming an unknown check stops the start with a message naming both.
	 */
	@Bean
	Catalog complianceCatalog(List<Check> checks) {
		Set<String> ids = checks.stream().map(Check::id).collect(Collectors.toSet());
		return CatalogReader.shipped(ids);
	}

}
