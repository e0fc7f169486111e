// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.web;

import tools.jackson.core.StreamReadConstraints;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds what Jackson reads from a request body, so that refusing a hostile body stays
 * cheap: converting a number literal costs time quadratic in its length. The limits equal
 * the ledger's own parser ({@code POST /api/v1/events} does not go through Jackson); they
 * are stated here so that a change of Jackson's defaults cannot loosen them.
 */
@Configuration(proxyBeanMethods = false)
class JsonReadLimits {

	static final int MAX_NUMBER_LENGTH = 1000;

	static final int MAX_NESTING_DEPTH = 64;

	@Bean
	JsonFactoryBuilderCustomizer countersignJsonReadLimits() {
		return (factory) -> factory.streamReadConstraints(StreamReadConstraints.builder()
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.build());
	}

}
