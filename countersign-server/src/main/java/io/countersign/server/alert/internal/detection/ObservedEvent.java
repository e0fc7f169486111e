package io.countersign.server.alert.internal.detection;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ledger entry as the detectors see it, read from the stored leaf.
 *
 * @param index the entry's ledger index
 * @param time the event's time ({@code ts})
 * @param type the event type, e.g. {@code authn_login_fail}
 * @param actorType the actor's type ({@code user}, {@code service}, {@code system}, …)
 * @param actorId the actor's id
 * @param action the action, if any
 * @param resourceType the resource's type, if any
 * @param resourceId the resource's id, if any
 * @param outcome {@code success}, {@code failure} or {@code unknown}
 * @param sourceIp the source address, if the event has one
 * @param details the event's details object (JSON values as Jackson reads them: String,
 * Number, Boolean, List, Map, null)
 * @param links the event's links ({@code approval_id}, {@code rule_id}, …); D7 tells an
 * approved grant from a direct one by its {@code approval_id}
 */
public record ObservedEvent(long index, Instant time, String type, String actorType, String actorId,
		Optional<String> action, Optional<String> resourceType, Optional<String> resourceId, String outcome,
		Optional<String> sourceIp, Map<String, Object> details, Map<String, String> links) {

	public ObservedEvent {
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(details, "details");
		links = Map.copyOf(links);
	}

	/** An event without links. */
	public ObservedEvent(long index, Instant time, String type, String actorType, String actorId,
			Optional<String> action, Optional<String> resourceType, Optional<String> resourceId, String outcome,
			Optional<String> sourceIp, Map<String, Object> details) {
		this(index, time, type, actorType, actorId, action, resourceType, resourceId, outcome, sourceIp, details,
				Map.of());
	}

}
