package io.countersign.server.alert.internal.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where detection stands: who holds the lease, the position, the lag. */
@RestController
@Tag(name = "Alerts", description = "Suspicious-activity alerts with verifiable evidence")
class EngineController {

	private final DetectionEngine engine;

	EngineController(DetectionEngine engine) {
		this.engine = engine;
	}

	@GetMapping(path = "/api/v1/alerts/engine", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The detection engine: lease holder, position, head, lag in entries and seconds")
	@RequiresPermission("alerts:read")
	Map<String, Object> status() {
		DetectionStatus status = this.engine.status();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("enabled", status.enabled());
		status.holder().ifPresent((holder) -> json.put("leaseHolder", holder));
		json.put("leaseHeldHere", status.heldHere());
		json.put("leaseUntil", status.leaseUntil().toString());
		json.put("position", status.position());
		json.put("head", status.head());
		json.put("lagEntries", status.lagEntries());
		json.put("lagSeconds", status.lagSeconds());
		status.lastEvaluated().ifPresent((time) -> json.put("lastEvaluatedTime", time.toString()));
		json.put("detectors", status.rules());
		return json;
	}

}
