package io.countersign.server.compliance.internal.checks;

import java.util.List;
import java.util.Map;

import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

/** Building results, so every check phrases them alike. */
final class Results {

	private Results() {
	}

	static CheckResult of(String check, CheckContext context, CheckOutcome outcome, String explanation,
			Map<String, Object> facts, List<Long> ledgerIndexes) {
		return new CheckResult(check, outcome, explanation, facts, ledgerIndexes, context.now());
	}

	static CheckResult of(String check, CheckContext context, CheckOutcome outcome, String explanation,
			Map<String, Object> facts) {
		return of(check, context, outcome, explanation, facts, List.of());
	}

	static CheckResult cannotVerify(String check, CheckContext context, String explanation, Map<String, Object> facts) {
		return of(check, context, CheckOutcome.CANNOT_VERIFY, explanation, facts);
	}

}
