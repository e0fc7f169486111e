package io.countersign.server.compliance.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.compliance.internal.catalog.Catalog;

/**
 * How a control stands, from its checks' results and its attestation; and a framework's
 * scores. Never implemented on a check's word unless every check of the control saw its
 * fact and passed: a check that cannot see its fact (or has not run) makes the control a
 * manual one, standing as its attestation in force says, or not started.
 */
public final class ControlStates {

	private static final Comparator<ControlStatus> FAILING_FIRST = Comparator
		.comparingInt((ControlStatus control) -> rank(control.state()))
		.thenComparing(Comparator.comparingInt(ControlStatus::weight).reversed());

	private ControlStates() {
	}

	static ControlStatus control(Catalog.Control control, Map<String, CheckResult> results,
			Optional<Attestation> latest, LocalDate today) {
		Optional<Attestation> inForce = latest.filter((attestation) -> today.isBefore(attestation.expiresOn()));
		List<CheckResult> checks = new ArrayList<>();
		boolean seen = control.automated();
		for (String check : control.checks()) {
			CheckResult result = results.get(check);
			if (result == null || result.outcome() == CheckOutcome.CANNOT_VERIFY) {
				seen = false;
			}
			if (result != null) {
				checks.add(result);
			}
		}
		ControlState state = seen ? fromChecks(checks)
				: inForce.map(Attestation::state).orElse(ControlState.NOT_STARTED);
		return new ControlStatus(control.id(), control.name(), control.description(), control.references(), seen, state,
				control.weight(), control.remedy(), control.docsLink(), checks, inForce);
	}

	private static ControlState fromChecks(List<CheckResult> checks) {
		if (checks.stream().allMatch((result) -> result.outcome() == CheckOutcome.PASSED)) {
			return ControlState.IMPLEMENTED;
		}
		if (checks.stream().allMatch((result) -> result.outcome() == CheckOutcome.FAILED)) {
			return ControlState.NOT_STARTED;
		}
		return ControlState.IN_PROGRESS;
	}

	static FrameworkStatus framework(Catalog catalog, Catalog.Framework framework, List<ControlStatus> controls,
			java.time.Instant evaluatedAt) {
		int implemented = 0;
		int weights = 0;
		int implementedWeights = 0;
		for (ControlStatus control : controls) {
			weights += control.weight();
			if (control.state() == ControlState.IMPLEMENTED) {
				implemented++;
				implementedWeights += control.weight();
			}
		}
		List<ControlStatus> sorted = new ArrayList<>(controls);
		sorted.sort(FAILING_FIRST);
		double share = controls.isEmpty() ? 0 : (double) implemented / controls.size();
		double weighted = (weights == 0) ? 0 : (double) implementedWeights / weights;
		return new FrameworkStatus(framework.id(), framework.name(), catalog.version(), share, weighted, sorted,
				evaluatedAt);
	}

	private static int rank(ControlState state) {
		return switch (state) {
			case NOT_STARTED -> 0;
			case IN_PROGRESS -> 1;
			case IMPLEMENTED -> 2;
		};
	}

}
