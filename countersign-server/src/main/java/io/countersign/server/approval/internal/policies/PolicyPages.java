package io.countersign.server.approval.internal.policies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalProperties;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.AppliedInSetup;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.Requested;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's page of approval policies (docs/console.md, "Administration"): the
 * policies in force, and a form that proposes a new version. Outside setup mode the
 * change is a {@code policy.change} approval request, which the page opens and shows;
 * nothing changes until it is approved and executed.
 */
@Controller
@ConsolePage
class PolicyPages {

	static final String READ = "approvals:read";

	static final String MANAGE = "policies:manage";

	private final PolicyBook book;

	private final ChangingPolicies changing;

	private final SetupMode setupMode;

	private final ApprovalProperties properties;

	PolicyPages(PolicyBook book, ChangingPolicies changing, SetupMode setupMode, ApprovalProperties properties) {
		this.book = book;
		this.changing = changing;
		this.setupMode = setupMode;
		this.properties = properties;
	}

	/** What the form holds: the policy as a person edits it. */
	record PolicyEdit(String actionType, String description, String initiators, String quorum, String veto,
			boolean elevated, String expiresIn, int minJustification, String justification) {

		static PolicyEdit of(PolicyDocument policy) {
			return new PolicyEdit(policy.actionType(), policy.description(), String.join(", ", policy.initiators()),
					policy.quorum(), String.join(", ", policy.veto()), policy.elevated(), policy.expiresIn().toString(),
					policy.minJustification(), "");
		}

		static PolicyEdit blank() {
			return new PolicyEdit("", "", "operator", "2 of approver", "", false, "PT24H",
					PolicyForm.DEFAULT_MIN_JUSTIFICATION, "");
		}

		/** The members of {@code POST /api/v1/policies}, so the same rules read them. */
		Map<String, Object> form() {
			Map<String, Object> form = new LinkedHashMap<>();
			form.put("actionType", this.actionType.strip());
			form.put("description", this.description.strip());
			form.put("initiators", roles(this.initiators));
			form.put("quorum", this.quorum);
			form.put("veto", roles(this.veto));
			form.put("elevated", this.elevated);
			form.put("expiresIn", this.expiresIn.strip());
			form.put("minJustification", this.minJustification);
			return form;
		}

		private static List<String> roles(String text) {
			return new ArrayList<>(
					Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter((role) -> !role.isEmpty()).toList());
		}

	}

	@GetMapping("/ui/admin/policies")
	@RequiresPermission(READ)
	String policies(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> actionType,
			@RequestParam Optional<String> done, Model model) {
		PolicyEdit edit = actionType.flatMap(this.book::current).map(PolicyEdit::of).orElse(PolicyEdit.blank());
		done.filter("applied"::equals)
			.ifPresent((applied) -> model.addAttribute("notice", "Applied at once: Countersign is in setup mode."));
		done.filter("unchanged"::equals)
			.ifPresent((same) -> model.addAttribute("notice", "Nothing changed: the policy is already so."));
		return page(caller, edit, model);
	}

	@PostMapping("/ui/admin/policies")
	@RequiresPermission(MANAGE)
	String propose(@AuthenticationPrincipal Caller caller, @RequestParam String actionType,
			@RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String initiators,
			@RequestParam(defaultValue = "") String quorum, @RequestParam(defaultValue = "") String veto,
			@RequestParam(defaultValue = "false") boolean elevated,
			@RequestParam(defaultValue = "PT24H") String expiresIn,
			@RequestParam(defaultValue = "" + PolicyForm.DEFAULT_MIN_JUSTIFICATION) int minJustification,
			@RequestParam(defaultValue = "") String justification, Model model, HttpServletResponse response) {
		PolicyEdit edit = new PolicyEdit(actionType, description, initiators, quorum, veto, elevated, expiresIn,
				minJustification, justification);
		try {
			PolicyDocument proposal = PolicyForm.read(edit.form(), Set.of(), this.properties.elevationRole());
			PolicyChangeOutcome outcome = this.changing.propose(caller, List.of(proposal),
					Optional.of(justification.strip()).filter((text) -> !text.isEmpty()));
			if (outcome instanceof Requested requested) {
				return "redirect:/ui/approvals/" + requested.request().id() + "?done=opened";
			}
			return "redirect:/ui/admin/policies?actionType=" + proposal.actionType() + "&done="
					+ ((outcome instanceof AppliedInSetup) ? "applied" : "unchanged");
		}
		catch (CountersignException ex) {
			// the status the API answers the same refusal with
			response.setStatus(ProblemResponses.status(ex.code()).value());
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("errorCode", ex.code().name());
			return page(caller, edit, model);
		}
	}

	private String page(Caller caller, PolicyEdit edit, Model model) {
		model.addAttribute("policies", this.book.allCurrent());
		model.addAttribute("edit", edit);
		model.addAttribute("mayManage", caller.holds(MANAGE));
		model.addAttribute("setupMode", this.setupMode.active());
		model.addAttribute("elevationRole", this.properties.elevationRole());
		return "ui/admin/policies";
	}

}
