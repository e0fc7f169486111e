// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.audit.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses query parameters an endpoint does not take: a misspelled filter ({@code actr=})
 * would otherwise be ignored and the answer would silently hold every event.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	static void only(HttpServletRequest request, Set<String> known) {
		List<String> unknown = request.getParameterMap()
			.keySet()
			.stream()
			.filter((name) -> !known.contains(name))
			.map((name) -> (name.length() > 64) ? name.substring(0, 64) + "…" : name)
			.sorted()
			.toList();
		if (!unknown.isEmpty()) {
			throw EventRules.invalid(((unknown.size() == 1) ? "unknown query parameter " : "unknown query parameters ")
					+ String.join(", ", unknown) + "; this endpoint takes " + String.join(", ", new TreeSet<>(known)));
		}
	}

}
