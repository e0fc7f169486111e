package io.countersign.server.alert.internal.detectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The detectors' settings: read them all, change one rule's at runtime (stored, audited
 * as {@code alert_detector_changed}, overriding configuration).
 */
@RestController
@RequestMapping(path = "/api/v1/alerts/detectors", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Alerts", description = "Suspicious-activity alerts and their detectors")
class DetectorSettingsController {

	private static final Set<String> FIELDS = Set.of("enabled", "severity", "threshold", "window", "rowsThreshold",
			"rowsWindow");

	private final DetectorSettings settings;

	DetectorSettingsController(DetectorSettings settings) {
		this.settings = settings;
	}

	@GetMapping
	@Operation(summary = "Every detection rule (D1 … D10) with its title and current settings")
	@RequiresPermission("alerts:read")
	Map<String, Object> list() {
		return Map.of("items", this.settings.all().stream().map(DetectorSettingsController::json).toList());
	}

	@PutMapping(path = "/{rule}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a rule's enabled, severity, threshold, window (ISO-8601, e.g. PT15M), "
			+ "and for D6 rowsThreshold and rowsWindow: what the body holds")
	@RequiresPermission("alerts:manage")
	Map<String, Object> change(@AuthenticationPrincipal Caller caller, @PathVariable String rule,
			@RequestBody Map<String, Object> body) {
		Rule named = Rule.parse(rule)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND,
					"No detection rule is named '" + rule + "' (D1 to D10)."));
		return json(this.settings.change(caller, named, change(body)));
	}

	static SettingsChange change(Map<String, Object> body) {
		List<String> unknown = body.keySet().stream().filter((key) -> !FIELDS.contains(key)).sorted().toList();
		if (!unknown.isEmpty()) {
			throw invalid(String.join(", ", unknown) + ": not a setting (enabled, severity, threshold, window, "
					+ "rowsThreshold, rowsWindow)");
		}
		return new SettingsChange(typed(body, "enabled", Boolean.class, "true or false"),
				typed(body, "severity", String.class, "a string"), whole(body, "threshold"),
				typed(body, "window", String.class, "an ISO-8601 duration string"), whole(body, "rowsThreshold"),
				typed(body, "rowsWindow", String.class, "an ISO-8601 duration string"));
	}

	private static <T> Optional<T> typed(Map<String, Object> body, String key, Class<T> type, String what) {
		Object value = body.get(key);
		if (value == null) {
			if (body.containsKey(key)) {
				throw invalid(key + ": must be " + what + ", not null");
			}
			return Optional.empty();
		}
		if (!type.isInstance(value)) {
			throw invalid(key + ": must be " + what);
		}
		return Optional.of(type.cast(value));
	}

	private static Optional<Long> whole(Map<String, Object> body, String key) {
		Optional<Number> number = typed(body, key, Number.class, "a whole number");
		if (number.isPresent() && !(number.get() instanceof Integer || number.get() instanceof Long)) {
			throw invalid(key + ": must be a whole number");
		}
		return number.map(Number::longValue);
	}

	private static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

	static Map<String, Object> json(DetectorSettings.Effective effective) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rule", effective.rule().name());
		json.put("title", effective.rule().title());
		json.putAll(DetectorSettings.wire(effective.settings()));
		effective.changedBy().ifPresent((by) -> json.put("changedBy", by));
		effective.changedAt().ifPresent((at) -> json.put("changedAt", at.toString()));
		return json;
	}

}
