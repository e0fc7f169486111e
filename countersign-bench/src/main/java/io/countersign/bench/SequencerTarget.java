package io.countersign.bench;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;

/**
 * The system under test: durable appends through {@link AuditLog}, waiting for each
 * ({@code append}) when a producer keeps one event in flight, otherwise through
 * {@code appendAsync}.
 */
final class SequencerTarget implements AppendTarget<EventDraft> {

	private final AuditLog auditLog;

	private final boolean waitForEach;

	SequencerTarget(AuditLog auditLog, int inFlight) {
		this.auditLog = auditLog;
		this.waitForEach = inFlight == 1;
	}

	@Override
	public EventDraft prepare(SampleEvent event) {
		return draft(event);
	}

	@Override
	public CompletionStage<?> append(EventDraft draft) {
		if (this.waitForEach) {
			return CompletableFuture.completedFuture(this.auditLog.append(draft));
		}
		return this.auditLog.appendAsync(draft);
	}

	/**
	 * Who hands the events in: an integration's token, as the HTTP path would name it
	 * (the leaf is as long as an API append's).
	 */
	static final Submitter SUBMITTER = new Submitter("svc-bench", "token:0190f5d6-3c2a-7b1e-9f00-5a3d2c1b0e9f");

	static EventDraft draft(SampleEvent event) {
		Outcome outcome = Outcome.parse(event.outcome()).orElseThrow();
		return EventDraft.of(event.type(), new Actor(event.actorId(), event.actorType()))
			.withAction(event.action())
			.withResource(new Resource(event.resourceType(), event.resourceId()))
			.withOutcome(outcome, Optional.of(event.reason()))
			.withSource(new Source(Optional.of(event.sourceIp()), Optional.of(event.userAgent())))
			.withDetails(Map.copyOf(event.details()))
			.withSubmitter(SUBMITTER);
	}

}
