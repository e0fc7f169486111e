// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.audit.internal;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/events}, for the OpenAPI document only: the body is
 * read by {@link EventRequests}, which holds the rules.
 */
@Schema(description = "An event to append. Unknown members and null values are refused.",
		requiredProperties = { "type", "actor" })
record NewEvent(
		@Schema(description = "at most 128 characters of [A-Za-z0-9_.:-]", example = "SECRET_ROTATED") String type,
		Actor actor, @Schema(description = "at most 128 characters", example = "rotate") String action,
		Resource resource, @Schema(description = "success (default), failure, denied or error", allowableValues = {
				"success", "failure", "denied", "error" }) String outcome,
		String reason, Source source,
		@Schema(description = "names to ids of related things, e.g. approval_id") Map<String, String> links,
		@Schema(description = "any JSON object") Map<String, Object> details){

	@Schema(name = "NewEventActor", requiredProperties = { "id", "type" })
	record Actor(@Schema(description = "at most 256 characters", example = "alice") String id,
			@Schema(description = "at most 64 characters", example = "user") String type) {

	}

	@Schema(name = "NewEventResource", requiredProperties = { "type", "id" })
	record Resource(@Schema(description = "at most 128 characters", example = "secret") String type,
			@Schema(description = "at most 256 characters", example = "prod/db-password") String id) {

	}

	@Schema(name = "NewEventSource")
	record Source(@Schema(description = "at most 64 characters") String ip,
			@JsonProperty("user_agent") @Schema(description = "at most 1024 characters") String userAgent) {

	}

}
