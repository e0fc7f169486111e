package io.countersign.server.compliance;

import java.time.Instant;
import java.util.List;

/**
 * A framework's controls as they stand, and its scores.
 *
 * @param id {@code soc2}, {@code gdpr} or {@code hipaa}
 * @param name e.g. "SOC 2 (Trust Services Criteria)"
 * @param catalogVersion the catalog's version
 * @param implementedShare implemented controls / all controls, 0..1
 * @param weightedScore implemented controls' weights / all weights, 0..1
 * @param controls every control, failing ones first
 * @param evaluatedAt when its checks last ran
 */
public record FrameworkStatus(String id, String name, String catalogVersion, double implementedShare,
		double weightedScore, List<ControlStatus> controls, Instant evaluatedAt) {

	public FrameworkStatus {
		controls = List.copyOf(controls);
	}

}
