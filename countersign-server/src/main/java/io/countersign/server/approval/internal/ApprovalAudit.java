package io.countersign.server.approval.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.approval.ApprovalStepRecorded;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes the ledger events of approvals in the shape of the contract (docs/approvals.md):
 * the request as resource, its id in {@code links.approval_id}, the step's reason. Call
 * it inside the transaction of the state change.
 */
@Component
public class ApprovalAudit {

	/** The actor of steps nobody took: expiry. */
	public static final Actor SYSTEM = new Actor("countersign", ReservedEvents.SYSTEM_ACTOR_TYPE);

	private final AuditTrail trail;

	private final ApplicationEventPublisher events;

	ApprovalAudit(AuditTrail trail, ApplicationEventPublisher events) {
		this.trail = trail;
		this.events = events;
	}

	/**
	 * Records one step of {@code request}, given as the step leaves it; returns the event
	 * id.
	 */
	public String recordStep(String type, Actor actor, StoredRequest request, Optional<String> reason,
			Map<String, Object> details) {
		String requestId = request.id().toString();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("approval_id", requestId);
		request.rollbackOf().ifPresent((original) -> links.put("rollback_of", original.toString()));
		EventDraft draft = EventDraft.of(type, actor)
			.withAction(action(type))
			.withResource(new Resource(ApprovalEvents.RESOURCE, requestId))
			.withLinks(links)
			.withDetails(details);
		if (reason.isPresent()) {
			draft = draft.withOutcome(draft.outcome(), reason);
		}
		String eventId = this.trail.record(draft);
		this.events.publishEvent(new ApprovalStepRecorded(request.id(), type, eventId, actor.id(), request.state()));
		return eventId;
	}

	/**
	 * Records a change to another approval resource (a delegation, a standing rule);
	 * returns the event id.
	 */
	public String recordChange(String type, Actor actor, String resourceType, String resourceId,
			Optional<String> reason, Map<String, Object> details) {
		EventDraft draft = EventDraft.of(type, actor)
			.withAction(action(type))
			.withResource(new Resource(resourceType, resourceId))
			.withDetails(details);
		if (reason.isPresent()) {
			draft = draft.withOutcome(draft.outcome(), reason);
		}
		return this.trail.record(draft);
	}

	/** Records a change to an approver key. */
	public String recordKey(String type, Actor actor, String keyId, String fingerprint, String owner) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("fingerprint", fingerprint);
		details.put("owner", owner);
		return this.trail.record(EventDraft.of(type, actor)
			.withAction(action(type))
			.withResource(new Resource(ApprovalEvents.KEY_RESOURCE, keyId))
			.withDetails(details));
	}

	// ACTION_EXECUTION_STARTED -> execution_started: the envelope's action, lower case
	private static String action(String type) {
		String lower = type.toLowerCase(Locale.ROOT);
		return lower.startsWith("action_") ? lower.substring("action_".length()) : lower;
	}

}
