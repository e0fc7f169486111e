package io.countersign.server.compliance.internal.checks;

import io.countersign.server.compliance.CheckResult;

/**
 * An automated check over live data, shared by the controls of every framework that use
 * it. A check that cannot see the fact it needs answers
 * {@link io.countersign.server.compliance.CheckOutcome#CANNOT_VERIFY}, never a pass. Each
 * reads indexed rows only, so an evaluation stays fast on any ledger size.
 */
public interface Check {

	/** The id the catalog names it by, e.g. {@code admin-mfa}. */
	String id();

	CheckResult run(CheckContext context);

}
