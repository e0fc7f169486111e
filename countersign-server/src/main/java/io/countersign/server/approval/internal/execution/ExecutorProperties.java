package io.countersign.server.approval.internal.execution;

import java.time.Duration;

import io.countersign.server.shared.webhook.RetrySchedule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of executor webhooks, {@code countersign.approvals.executor.*} (README,
 * Configuration).
 *
 * @param pollInterval how often each instance looks for approved webhook requests and due
 * calls
 * @param timeout the longest wait for an executor's answer to one call
 * @param lease how long an instance holds a call it is making; must exceed
 * {@code timeout} with room for clock differences between instances, since another
 * instance takes an expired lease over and calls again
 * @param retryFirst the wait after the first failed attempt
 * @param retryCeiling the longest wait between attempts
 * @param attempts how many attempts in all before Countersign gives up and records the
 * execution as failed
 * @param concurrency how many calls one instance makes at once
 * @param instanceName this instance's name in the attempts; empty: host name and process
 * id
 */
@ConfigurationProperties("countersign.approvals.executor")
public record ExecutorProperties(@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("PT10S") Duration timeout,
		@DefaultValue("PT1M") Duration lease, @DefaultValue("PT5S") Duration retryFirst,
		@DefaultValue("PT10M") Duration retryCeiling, @DefaultValue("50") int attempts,
		@DefaultValue("4") int concurrency, @DefaultValue("") String instanceName) {

	public ExecutorProperties {
		if (lease.compareTo(timeout) <= 0) {
			throw new IllegalArgumentException(
					"countersign.approvals.executor.lease (" + lease + ") must be longer than its timeout (" + timeout
							+ "): a lease running out mid-call would let a second instance call too");
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("countersign.approvals.executor.concurrency is at least 1");
		}
	}

	RetrySchedule retrySchedule() {
		return new RetrySchedule(this.retryFirst, this.retryCeiling, this.attempts);
	}

}
