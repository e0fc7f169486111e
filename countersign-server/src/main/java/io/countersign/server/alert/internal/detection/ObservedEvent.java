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
 */
public record ObservedEvent(long index, Instant time, String type, String actorType, String actorId,
		Optional<String> action, Optional<String> resourceType, Optional<String> resourceId, String outcome,
		Optional<String> sourceIp, Map<String, Object> details) {

	public ObservedEvent {
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(details, "details");
	}

}
