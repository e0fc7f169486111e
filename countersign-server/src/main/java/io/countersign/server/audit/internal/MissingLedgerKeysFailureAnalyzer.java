package io.countersign.server.audit.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows {@link MissingLedgerKeys} as Spring Boot's "APPLICATION FAILED TO START" report,
 * the one paragraph an operator needs, instead of a stack of bean creation failures.
 */
public final class MissingLedgerKeysFailureAnalyzer extends AbstractFailureAnalyzer<MissingLedgerKeys> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingLedgerKeys cause) {
		return new FailureAnalysis(cause.problem(), MissingLedgerKeys.ACTION, cause);
	}

}
