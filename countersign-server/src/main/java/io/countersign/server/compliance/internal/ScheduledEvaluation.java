package io.countersign.server.compliance.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs every automated check every {@code countersign.compliance.check-interval}. */
@Component
class ScheduledEvaluation {

	private static final Logger log = LoggerFactory.getLogger(ScheduledEvaluation.class);

	private final ComplianceService compliance;

	ScheduledEvaluation(ComplianceService compliance) {
		this.compliance = compliance;
	}

	@Scheduled(fixedDelayString = "${countersign.compliance.check-interval:1h}",
			initialDelayString = "${countersign.compliance.check-interval:1h}")
	void evaluate() {
		try {
			this.compliance.evaluate(ComplianceEvents.SYSTEM);
		}
		catch (RuntimeException ex) {
			// the next run tries again; the last evaluation stays as it was
			log.warn("The scheduled compliance evaluation failed: {}", ex.getMessage(), ex);
		}
	}

}
