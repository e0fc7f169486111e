package io.countersign.server.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;

/**
 * What a feature wants recorded; the ledger adds the id, the time and the nonce when it
 * accepts the draft. {@code submitter} is who hands it in: Countersign itself
 * ({@link ReservedEvents#COUNTERSIGN}, the default of {@link #of}) or the authenticated
 * account of an API append.
 */
public record EventDraft(String type, Actor actor, Optional<String> action, Optional<Resource> resource,
		Outcome outcome, Optional<String> reason, Optional<Source> source, Map<String, String> links,
		Map<String, Object> details, Submitter submitter) {

	public EventDraft {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(source, "source");
		links = Map.copyOf(links);
		// JSON null is a legitimate detail value, which Map.copyOf would refuse.
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
		Objects.requireNonNull(submitter, "submitter");
	}

	/**
	 * A successful event of Countersign's own with only the required members; add the
	 * rest with the withers. {@code type} must be one of {@link ReservedEvents#TYPES}
	 * unless another submitter is set.
	 */
	public static EventDraft of(String type, Actor actor) {
		return new EventDraft(type, actor, Optional.empty(), Optional.empty(), Outcome.SUCCESS, Optional.empty(),
				Optional.empty(), Map.of(), Map.of(), ReservedEvents.COUNTERSIGN);
	}

	public EventDraft withAction(String action) {
		return new EventDraft(this.type, this.actor, Optional.of(action), this.resource, this.outcome, this.reason,
				this.source, this.links, this.details, this.submitter);
	}

	public EventDraft withResource(Resource resource) {
		return new EventDraft(this.type, this.actor, this.action, Optional.of(resource), this.outcome, this.reason,
				this.source, this.links, this.details, this.submitter);
	}

	public EventDraft withOutcome(Outcome outcome, Optional<String> reason) {
		return new EventDraft(this.type, this.actor, this.action, this.resource, outcome, reason, this.source,
				this.links, this.details, this.submitter);
	}

	public EventDraft withSource(Source source) {
		return new EventDraft(this.type, this.actor, this.action, this.resource, this.outcome, this.reason,
				Optional.of(source), this.links, this.details, this.submitter);
	}

	public EventDraft withLinks(Map<String, String> links) {
		return new EventDraft(this.type, this.actor, this.action, this.resource, this.outcome, this.reason, this.source,
				links, this.details, this.submitter);
	}

	public EventDraft withDetails(Map<String, Object> details) {
		return new EventDraft(this.type, this.actor, this.action, this.resource, this.outcome, this.reason, this.source,
				this.links, details, this.submitter);
	}

	/** The same draft, handed in by {@code submitter} instead. */
	public EventDraft withSubmitter(Submitter submitter) {
		return new EventDraft(this.type, this.actor, this.action, this.resource, this.outcome, this.reason, this.source,
				this.links, this.details, submitter);
	}

}
