package io.countersign.server.compliance.internal.console;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.compliance.internal.Attesting;
import io.countersign.server.compliance.internal.ComplianceService;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
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
import org.springframework.web.multipart.MultipartFile;

/**
 * The console's compliance dashboard (docs/compliance.md, "Dashboard"): every framework
 * and overall, failing controls first with their remedy and docs link, the trend as a
 * server-drawn SVG chart, a control's checks with their evidence and links into the audit
 * viewer, and for admins the attestation form and "run the checks now". Every action goes
 * through the same use cases as the API.
 */
@Controller
@ConsolePage
class CompliancePages {

	static final String READ = "compliance:read";

	static final String MANAGE = "compliance:manage";

	static final int TREND_DAYS = 90;

	private final ComplianceService compliance;

	private final Attesting attesting;

	CompliancePages(ComplianceService compliance, Attesting attesting) {
		this.compliance = compliance;
		this.attesting = attesting;
	}

	/** A framework's line of the overview. */
	record FrameworkRow(String id, String name, String share, String weighted, long implemented, long inProgress,
			long notStarted, TrendChart trend) {
	}

	/** A control not implemented, as the overview lists it. */
	record Gap(String framework, String frameworkName, String id, String name, String state, String mark, int weight,
			String remedy, String docs) {
	}

	@GetMapping("/ui/compliance")
	@RequiresPermission(READ)
	String overview(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> done, Model model) {
		List<FrameworkStatus> frameworks = this.compliance.frameworks();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		LocalDate from = today.minusDays(TREND_DAYS - 1L);
		List<FrameworkRow> rows = new ArrayList<>();
		List<Gap> gaps = new ArrayList<>();
		long implemented = 0;
		long all = 0;
		for (FrameworkStatus framework : frameworks) {
			rows.add(row(framework, TrendChart.of(this.compliance.history(framework.id(), from, today), from, today)));
			for (ControlStatus control : framework.controls()) {
				all++;
				if (control.state() == ControlState.IMPLEMENTED) {
					implemented++;
				}
				else {
					gaps.add(new Gap(framework.id(), framework.name(), control.id(), control.name(),
							label(control.state()), mark(control.state()), control.weight(), control.remedy(),
							control.docs()));
				}
			}
		}
		gaps.sort(Comparator.comparing((Gap gap) -> gap.state().equals("Not started") ? 0 : 1)
			.thenComparing(Comparator.comparingInt(Gap::weight).reversed()));
		model.addAttribute("frameworks", rows);
		model.addAttribute("gaps", gaps);
		model.addAttribute("overall", percent((all == 0) ? 0 : (double) implemented / all));
		model.addAttribute("overallCounts", implemented + " of " + all);
		model.addAttribute("evaluatedAt", frameworks.isEmpty() ? null : frameworks.get(0).evaluatedAt());
		model.addAttribute("catalogVersion", this.compliance.catalog().version());
		model.addAttribute("mayManage", caller.holds(MANAGE));
		done.filter("checked"::equals).ifPresent((value) -> model.addAttribute("notice", "The checks ran now."));
		return "ui/compliance/overview";
	}

	@GetMapping("/ui/compliance/frameworks/{id}")
	@RequiresPermission(READ)
	String framework(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
		FrameworkStatus framework = this.compliance.framework(id)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "No framework " + id + "."));
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		LocalDate from = today.minusDays(TREND_DAYS - 1L);
		model.addAttribute("framework", framework);
		model.addAttribute("row", row(framework, TrendChart.of(this.compliance.history(id, from, today), from, today)));
		model.addAttribute("controls", framework.controls().stream().map(CompliancePages::controlRow).toList());
		model.addAttribute("mayManage", caller.holds(MANAGE));
		return "ui/compliance/framework";
	}

	/** A control's line of a framework's table. */
	record ControlRow(String id, String name, String references, String state, String mark, String how, int weight,
			String remedy, String docs, String lastChecked) {
	}

	/** A check's result as the control page shows it. */
	record CheckRow(String check, String outcome, String mark, String explanation,
			List<Map.Entry<String, String>> facts, List<Long> ledgerIndexes, String checkedAt) {
	}

	@GetMapping("/ui/compliance/frameworks/{framework}/controls/{id}")
	@RequiresPermission(READ)
	String control(@AuthenticationPrincipal Caller caller, @PathVariable String framework, @PathVariable String id,
			@RequestParam Optional<String> done, Model model) {
		done.filter("attested"::equals)
			.ifPresent((value) -> model.addAttribute("notice", "The attestation was recorded on the ledger."));
		return controlPage(caller, framework, id, model);
	}

	@PostMapping("/ui/compliance/frameworks/{framework}/controls/{id}/attestation")
	@RequiresPermission(MANAGE)
	String attest(@AuthenticationPrincipal Caller caller, @PathVariable String framework, @PathVariable String id,
			@RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String note,
			@RequestParam(defaultValue = "") String owner, @RequestParam(defaultValue = "") String expiresOn,
			@RequestParam(name = "files", required = false) List<MultipartFile> files, Model model,
			HttpServletResponse response) {
		try {
			List<Attesting.FileInput> inputs = new ArrayList<>();
			if (files != null) {
				for (MultipartFile file : files) {
					if (!file.isEmpty()) {
						inputs.add(new Attesting.FileInput(file.getOriginalFilename(), file.getContentType(),
								file.getBytes()));
					}
				}
			}
			this.attesting.attest(caller, id, new Attesting.Input(Optional.of(state), Optional.of(note),
					Optional.of(owner), Optional.of(expiresOn), inputs));
		}
		catch (CountersignException ex) {
			response.setStatus(ProblemResponses.status(ex.code()).value());
			model.addAttribute("error", ex.getMessage());
			return controlPage(caller, framework, id, model);
		}
		catch (IOException ex) {
			response.setStatus(400);
			model.addAttribute("error", "The files could not be read: " + ex.getMessage());
			return controlPage(caller, framework, id, model);
		}
		return "redirect:/ui/compliance/frameworks/" + framework + "/controls/" + id + "?done=attested";
	}

	@PostMapping("/ui/compliance/checks")
	@RequiresPermission(MANAGE)
	String runChecks(@AuthenticationPrincipal Caller caller) {
		this.compliance.evaluate(caller.actor());
		return "redirect:/ui/compliance?done=checked";
	}

	private String controlPage(Caller caller, String frameworkId, String id, Model model) {
		FrameworkStatus framework = this.compliance.framework(frameworkId)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "No framework " + frameworkId + "."));
		ControlStatus control = framework.controls()
			.stream()
			.filter((each) -> each.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "No control " + id + "."));
		model.addAttribute("framework", framework);
		model.addAttribute("control", control);
		model.addAttribute("row", controlRow(control));
		model.addAttribute("checks", control.checks().stream().map(CompliancePages::checkRow).toList());
		model.addAttribute("attestation", control.attestation().orElse(null));
		model.addAttribute("mayManage", caller.holds(MANAGE));
		model.addAttribute("states", List.of(ControlState.values()));
		model.addAttribute("defaultExpiry", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString());
		return "ui/compliance/control";
	}

	private static FrameworkRow row(FrameworkStatus framework, TrendChart trend) {
		return new FrameworkRow(framework.id(), framework.name(), percent(framework.implementedShare()),
				percent(framework.weightedScore()), count(framework, ControlState.IMPLEMENTED),
				count(framework, ControlState.IN_PROGRESS), count(framework, ControlState.NOT_STARTED), trend);
	}

	private static ControlRow controlRow(ControlStatus control) {
		String how = control.automated() ? "Automated"
				: control.checks().isEmpty() ? "Manual" : "Manual (cannot verify automatically)";
		String lastChecked = control.checks()
			.stream()
			.map(CheckResult::checkedAt)
			.max(Comparator.naturalOrder())
			.map(Object::toString)
			.orElse(null);
		return new ControlRow(control.id(), control.name(), String.join(", ", control.references()),
				label(control.state()), mark(control.state()), how, control.weight(), control.remedy(), control.docs(),
				lastChecked);
	}

	private static CheckRow checkRow(CheckResult result) {
		List<Map.Entry<String, String>> facts = new ArrayList<>();
		new LinkedHashMap<>(result.facts()).forEach((key, value) -> facts.add(Map.entry(key, String.valueOf(value))));
		String mark = switch (result.outcome()) {
			case PASSED -> "ok";
			case FAILED -> "bad";
			default -> "pending";
		};
		return new CheckRow(result.check(), result.outcome().name().replace('_', ' '), mark, result.explanation(),
				facts, result.ledgerIndexes(), result.checkedAt().toString());
	}

	private static long count(FrameworkStatus framework, ControlState state) {
		return framework.controls().stream().filter((control) -> control.state() == state).count();
	}

	static String percent(double share) {
		return String.format(Locale.ROOT, "%.0f %%", 100 * share);
	}

	static String label(ControlState state) {
		return switch (state) {
			case IMPLEMENTED -> "Implemented";
			case IN_PROGRESS -> "In progress";
			case NOT_STARTED -> "Not started";
		};
	}

	static String mark(ControlState state) {
		return switch (state) {
			case IMPLEMENTED -> "ok";
			case IN_PROGRESS -> "pending";
			case NOT_STARTED -> "bad";
		};
	}

}
