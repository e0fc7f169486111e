package io.countersign.server.alert.internal.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.alert.Severity;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alert routes: per severity, the channels and people who hear of an alert, and the
 * second route of an escalation.
 */
@RestController
@RequestMapping(path = "/api/v1/alerts/routes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Alerts", description = "Suspicious-activity alerts and where they are routed")
class RoutesController {

	private final AlertRoutes routes;

	private final ManagingRoutes managing;

	RoutesController(AlertRoutes routes, ManagingRoutes managing) {
		this.routes = routes;
		this.managing = managing;
	}

	@GetMapping
	@Operation(summary = "The route of every severity, and its escalation")
	@RequiresPermission("alerts:read")
	Map<String, Object> get() {
		return json(this.routes.all());
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace the routes: {routes: {SEVERITY: {channels, roles, accounts, "
			+ "escalation: {after, channels, roles, accounts}}}}; a severity left out notifies nobody")
	@RequiresPermission("alerts:manage")
	Map<String, Object> put(@AuthenticationPrincipal Caller caller, @RequestBody RoutesBody body) {
		return json(this.managing.replace(caller, body.routes()));
	}

	private Map<String, Object> json(Map<Severity, Route> all) {
		Map<String, Object> routes = new LinkedHashMap<>();
		all.forEach((severity, route) -> {
			Map<String, Object> json = RouteJson.route(route);
			json.put("default", !route.stored());
			routes.put(severity.name(), json);
		});
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("routes", routes);
		this.routes.lastChange().ifPresent((change) -> {
			json.put("updatedAt", change.getKey().toString());
			json.put("updatedBy", change.getValue());
		});
		return json;
	}

	record RoutesBody(Map<String, ManagingRoutes.RouteInput> routes) {

	}

}
