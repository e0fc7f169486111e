package io.countersign.server.alert.internal.web;

import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.internal.alerts.Alert;
import io.countersign.server.alert.internal.alerts.AlertFilter;
import io.countersign.server.alert.internal.alerts.AlertState;
import io.countersign.server.alert.internal.alerts.Alerts;
import io.countersign.server.alert.internal.engine.EngineStatus;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.web.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's alerts pages (docs/alerts.md): the list, an alert with the entries it
 * cites (each opens on the audit viewer's entry page, where the browser checks its
 * inclusion proof) and its evidence package, and acknowledging and resolving with a
 * reason through the same use case as the API.
 */
@Controller
@ConsolePage
class AlertPages {

	static final String READ = "alerts:read";

	static final String MANAGE = "alerts:manage";

	private static final int PAGE = 50;

	private final Alerts alerts;

	private final EngineStatus engine;

	AlertPages(Alerts alerts, EngineStatus engine) {
		this.alerts = alerts;
		this.engine = engine;
	}

	@GetMapping("/ui/alerts")
	@RequiresPermission(READ)
	String list(@RequestParam Optional<String> state, @RequestParam Optional<String> after, Model model) {
		Optional<AlertState> shown = state.filter((value) -> !value.isEmpty()).flatMap(AlertPages::state);
		List<Alert> page = this.alerts.page(new AlertFilter(shown, Optional.empty(), Optional.empty()),
				after.map(AlertsController::id), PAGE);
		model.addAttribute("alerts", page);
		model.addAttribute("state", shown.map(Enum::name).orElse(""));
		model.addAttribute("states", List.of(AlertState.values()));
		model.addAttribute("next", (page.size() == PAGE) ? page.get(PAGE - 1).id() : null);
		model.addAttribute("detection", this.engine.status());
		return "ui/alerts/list";
	}

	@GetMapping("/ui/alerts/{id}")
	@RequiresPermission(READ)
	String alert(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam Optional<String> done,
			Model model) {
		done.ifPresent((step) -> model.addAttribute("notice",
				"acknowledged".equals(step) ? "The alert is acknowledged." : "The alert is resolved."));
		return alertPage(caller, id, model);
	}

	@PostMapping("/ui/alerts/{id}/acknowledge")
	@RequiresPermission(MANAGE)
	String acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
		try {
			this.alerts.acknowledge(caller, AlertsController.id(id), reason);
		}
		catch (CountersignException ex) {
			return refused(ex, caller, id, response, model);
		}
		return "redirect:/ui/alerts/" + id + "?done=acknowledged";
	}

	@PostMapping("/ui/alerts/{id}/resolve")
	@RequiresPermission(MANAGE)
	String resolve(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
		try {
			this.alerts.resolve(caller, AlertsController.id(id), reason);
		}
		catch (CountersignException ex) {
			return refused(ex, caller, id, response, model);
		}
		return "redirect:/ui/alerts/" + id + "?done=resolved";
	}

	private String alertPage(Caller caller, String id, Model model) {
		Alert alert = this.alerts.find(AlertsController.id(id))
			.orElseThrow(() -> new CountersignException(io.countersign.server.shared.ErrorCode.ERR_ALERT_NOT_FOUND,
					"No alert " + id + "."));
		model.addAttribute("alert", alert);
		model.addAttribute("mayManage", caller.holds(MANAGE));
		model.addAttribute("mayAcknowledge", caller.holds(MANAGE) && alert.state() == AlertState.OPEN);
		model.addAttribute("mayResolve", caller.holds(MANAGE) && alert.state() != AlertState.RESOLVED);
		return "ui/alerts/alert";
	}

	private String refused(CountersignException ex, Caller caller, String id, HttpServletResponse response,
			Model model) {
		// the status the API answers the same refusal with
		response.setStatus(ProblemResponses.status(ex.code()).value());
		model.addAttribute("error", ex.getMessage());
		model.addAttribute("errorCode", ex.code().name());
		return alertPage(caller, id, model);
	}

	private static Optional<AlertState> state(String value) {
		try {
			return Optional.of(AlertState.valueOf(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
