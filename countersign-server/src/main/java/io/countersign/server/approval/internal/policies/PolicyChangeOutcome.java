package io.countersign.server.approval.internal.policies;

import java.util.List;

import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.PolicyDocument;

/** What became of a proposed policy change. */
sealed interface PolicyChangeOutcome {

	/**
	 * Applied at once, in setup mode (reason {@code setup}): the versions now in force.
	 */
	record AppliedInSetup(List<PolicyDocument> policies) implements PolicyChangeOutcome {
	}

	/**
	 * A {@code policy.change} request was opened; the policies become active when it is
	 * approved and its initiator claims the execution.
	 */
	record Requested(OpenedRequest request, String diff, List<PolicyDocument> proposed) implements PolicyChangeOutcome {
	}

	/** The proposal equals what is in force: nothing to do. */
	record Unchanged(List<PolicyDocument> current) implements PolicyChangeOutcome {
	}

}
