package io.countersign.server.approval.internal.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.People;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.ReadingApprovals;
import io.countersign.server.approval.internal.ReadingApprovals.ApprovalDetails;
import io.countersign.server.approval.internal.decisions.DecidingApproval;
import io.countersign.server.approval.internal.execution.ExecutingApprovedAction;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.approval.internal.web.ApprovalJson;
import io.countersign.server.audit.ResourceEvents;
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

/**
 * The console's approvals pages (docs/console.md, "Approvals"): the lists, a request's
 * page, deciding with a signature made in the browser, opening, amending, cancelling and
 * executing a request. Every action goes through the same use cases as the API, which
 * check everything again; a refusal is shown on the page with the server's message.
 */
@Controller
@ConsolePage
class ApprovalPages {

	static final String READ = "approvals:read";

	static final String REQUEST = "approvals:request";

	static final String DECIDE = "approvals:decide";

	private final ReadingApprovals reading;

	private final RequestingApproval requesting;

	private final DecidingApproval deciding;

	private final ExecutingApprovedAction executing;

	private final PolicyBook policies;

	private final People people;

	private final ResourceEvents events;

	private final Clock clock;

	ApprovalPages(ReadingApprovals reading, RequestingApproval requesting, DecidingApproval deciding,
			ExecutingApprovedAction executing, PolicyBook policies, People people, ResourceEvents events, Clock clock) {
		this.reading = reading;
		this.requesting = requesting;
		this.deciding = deciding;
		this.executing = executing;
		this.policies = policies;
		this.people = people;
		this.events = events;
		this.clock = clock;
	}

	/** The tabs of the list, and whether the caller may see each. */
	enum Tab {

		WAITING("waiting", "Waiting for me"), MINE("mine", "My requests"), ALL("all", "All requests");

		final String id;

		final String label;

		Tab(String id, String label) {
			this.id = id;
			this.label = label;
		}

		public String id() {
			return this.id;
		}

		public String label() {
			return this.label;
		}

		boolean allowed(Caller caller) {
			return switch (this) {
				case WAITING -> caller.holds(DECIDE) && "user".equals(caller.kind());
				case MINE -> caller.holds(REQUEST);
				case ALL -> !caller.limitedToOwn(READ);
			};
		}

	}

	/** One row of a list. */
	record Row(String id, String actionType, String state, String initiator, String age, Instant createdAt,
			Instant expiresAt, String expiry) {

		/** The CSS class of the state's mark. */
		public String mark() {
			return switch (this.state) {
				case "UNDER_REVIEW", "EXECUTING" -> "pending";
				case "APPROVED", "EXECUTED" -> "ok";
				case "REJECTED", "FAILED", "EXPIRED" -> "bad";
				default -> "";
			};
		}

	}

	@GetMapping("/ui/approvals")
	@RequiresPermission(READ)
	String list(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> tab,
			@RequestParam Optional<String> after, Model model) {
		List<Tab> tabs = java.util.Arrays.stream(Tab.values()).filter((each) -> each.allowed(caller)).toList();
		Tab shown = tab.flatMap((id) -> tabs.stream().filter((each) -> each.id.equals(id)).findFirst())
			.orElse(tabs.isEmpty() ? Tab.MINE : tabs.get(0));
		Optional<ApprovalRequestId> cursor = after.flatMap(ApprovalPages::cursor);
		ReadingApprovals.Page page = this.reading.page(caller, Optional.empty(), shown == Tab.WAITING,
				shown == Tab.MINE, cursor, Optional.empty());
		Instant now = this.clock.instant();
		model.addAttribute("tabs", tabs);
		model.addAttribute("tab", shown);
		model.addAttribute("rows", page.requests().stream().map((request) -> row(request, now)).toList());
		model.addAttribute("next", page.next().map(ApprovalRequestId::toString).orElse(null));
		model.addAttribute("mayRequest", caller.holds(REQUEST));
		return "ui/approvals/list";
	}

	@GetMapping("/ui/approvals/{id}")
	@RequiresPermission(READ)
	String request(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam Optional<String> done,
			Model model) {
		done.map(ApprovalPages::doneMessage).ifPresent((message) -> model.addAttribute("notice", message));
		return requestPage(caller, ApprovalJson.id(id), model);
	}

	@PostMapping("/ui/approvals/{id}/decision")
	@RequiresPermission(DECIDE)
	String decide(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam String decision,
			@RequestParam String reason, @RequestParam(defaultValue = "") String keyId,
			@RequestParam(defaultValue = "") String signature, Model model, HttpServletResponse response) {
		ApprovalRequestId request = ApprovalJson.id(id);
		try {
			this.deciding.decide(caller, request, decision, reason, keyId, signature);
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> requestPage(caller, request, model));
		}
		return "redirect:/ui/approvals/" + request + "?done=decided";
	}

	@PostMapping("/ui/approvals/{id}/cancellation")
	@RequiresPermission(REQUEST)
	String cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
		ApprovalRequestId request = ApprovalJson.id(id);
		try {
			this.requesting.cancel(caller, request, Optional.of(reason.strip()).filter((text) -> !text.isEmpty()));
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> requestPage(caller, request, model));
		}
		return "redirect:/ui/approvals/" + request + "?done=cancelled";
	}

	@PostMapping("/ui/approvals/{id}/execution")
	@RequiresPermission(REQUEST)
	String claim(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model,
			HttpServletResponse response) {
		ApprovalRequestId request = ApprovalJson.id(id);
		try {
			this.executing.claim(caller, request);
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> requestPage(caller, request, model));
		}
		return "redirect:/ui/approvals/" + request + "?done=claimed";
	}

	@PostMapping("/ui/approvals/{id}/outcome")
	@RequiresPermission(REQUEST)
	String report(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam String outcome,
			@RequestParam(defaultValue = "") String result, Model model, HttpServletResponse response) {
		ApprovalRequestId request = ApprovalJson.id(id);
		try {
			this.executing.report(caller, request, outcome, result.strip());
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> requestPage(caller, request, model));
		}
		return "redirect:/ui/approvals/" + request + "?done=reported";
	}

	@GetMapping("/ui/approvals/new")
	@RequiresPermission(REQUEST)
	String newRequest(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> actionType, Model model) {
		return requestForm(caller, actionType, new Draft("{}", "", ""), model);
	}

	/** What the person typed, shown again when it is refused. */
	record Draft(String parameters, String diff, String justification) {

	}

	@PostMapping("/ui/approvals")
	@RequiresPermission(REQUEST)
	String open(@AuthenticationPrincipal Caller caller, @RequestParam String actionType,
			@RequestParam(defaultValue = "{}") String parameters, @RequestParam(defaultValue = "") String diff,
			@RequestParam(defaultValue = "") String justification, Model model, HttpServletResponse response) {
		Draft draft = new Draft(parameters, diff, justification);
		OpenedRequest opened;
		try {
			opened = this.requesting.open(caller, actionType, FormJson.object("parameters", parameters),
					FormJson.diff(diff), justification);
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> requestForm(caller, Optional.of(actionType), draft, model));
		}
		return "redirect:/ui/approvals/" + opened.id() + "?done=opened";
	}

	@GetMapping("/ui/approvals/{id}/revision")
	@RequiresPermission(REQUEST)
	String amendForm(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
		ApprovalDetails details = this.reading.details(caller, ApprovalJson.id(id));
		Revision current = details.current();
		return amendPage(details, new Draft(FormJson.pretty(current.content().parameters()),
				current.content().diff().orElse(""), current.content().justification()), model);
	}

	@PostMapping("/ui/approvals/{id}/revision")
	@RequiresPermission(REQUEST)
	String amend(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "{}") String parameters, @RequestParam(defaultValue = "") String diff,
			@RequestParam(defaultValue = "") String justification, Model model, HttpServletResponse response) {
		ApprovalRequestId request = ApprovalJson.id(id);
		try {
			this.requesting.amend(caller, request, FormJson.object("parameters", parameters), FormJson.diff(diff),
					justification);
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> amendPage(this.reading.details(caller, request),
					new Draft(parameters, diff, justification), model));
		}
		return "redirect:/ui/approvals/" + request + "?done=amended";
	}

	private String requestPage(Caller caller, ApprovalRequestId id, Model model) {
		ApprovalDetails details = this.reading.details(caller, id);
		StoredRequest request = details.request();
		Instant now = this.clock.instant();
		Map<String, Object> json = ApprovalJson.details(details);
		model.addAttribute("request", json);
		model.addAttribute("row", row(request, now));
		model.addAttribute("policy", details.policy());
		model.addAttribute("parameters", FormJson.pretty(details.current().content().parameters()));
		List<Revision> newestFirst = new ArrayList<>(details.revisions());
		java.util.Collections.reverse(newestFirst);
		model.addAttribute("revisions",
				newestFirst.stream()
					.map((revision) -> new RevisionView(revision.number(), revision.digest().hex(),
							revision.createdAt(), FormJson.pretty(revision.content().parameters()),
							revision.content().diff().orElse(null), revision.content().justification()))
					.toList());
		model.addAttribute("history", this.events.of(new Resource(ApprovalEvents.RESOURCE, id.toString())));
		boolean initiator = request.initiatedBy(caller.username()) || request.initiatedByPerson(caller.username());
		boolean open = request.state() == ApprovalState.UNDER_REVIEW && request.expiresAt().isAfter(now);
		model.addAttribute("isInitiator", initiator);
		model.addAttribute("mayAmend", open && request.initiatedBy(caller.username()) && caller.holds(REQUEST));
		model.addAttribute("mayClaim", request.state() == ApprovalState.APPROVED
				&& request.initiatedBy(caller.username()) && caller.holds(REQUEST));
		model.addAttribute("mayReport", request.state() == ApprovalState.EXECUTING && details.execution().isPresent()
				&& details.execution().get().claimedBy().equals(caller.username()) && caller.holds(REQUEST));
		model.addAttribute("decideBlocked", decideBlocked(caller, details, initiator, open, now).orElse(null));
		model.addAttribute("username", caller.username());
		return "ui/approvals/request";
	}

	/**
	 * Why the caller cannot decide, if they cannot: the page offers the decision only to
	 * those the server would let decide (it checks again when they do).
	 */
	private Optional<String> decideBlocked(Caller caller, ApprovalDetails details, boolean initiator, boolean open,
			Instant now) {
		if (!open) {
			return Optional.of("The request is not under review.");
		}
		if (initiator) {
			return Optional.of("You initiated this request; someone else must decide on it.");
		}
		if (!caller.holds(DECIDE) || !"user".equals(caller.kind())) {
			return Optional.of("You may not decide on approval requests.");
		}
		boolean decided = details.decisions()
			.stream()
			.anyMatch((signed) -> signed.counts() && signed.decision().person().equals(caller.username()));
		if (decided) {
			return Optional.of("You have decided on this revision.");
		}
		Set<String> roles = new TreeSet<>(this.people.rolesOf(caller.username(), now));
		roles.retainAll(details.policy().deciderRoles());
		if (roles.isEmpty()) {
			return Optional.of("Decisions on this action count from holders of " + details.policy().deciderRoles()
					+ "; you hold none of them.");
		}
		return Optional.empty();
	}

	/** A revision as the page lists it. */
	record RevisionView(int number, String digest, Instant createdAt, String parameters, String diff,
			String justification) {

	}

	private String requestForm(Caller caller, Optional<String> actionType, Draft draft, Model model) {
		Set<String> roles = this.people.rolesOf(caller.username(), this.clock.instant());
		List<PolicyDocument> mayInitiate = this.policies.allCurrent()
			.stream()
			.filter((policy) -> !ApprovalEvents.POLICY_CHANGE.equals(policy.actionType()))
			.filter((policy) -> policy.mayInitiate(roles))
			.toList();
		model.addAttribute("policies", mayInitiate);
		Optional<PolicyDocument> chosen = actionType
			.flatMap((type) -> mayInitiate.stream().filter((policy) -> policy.actionType().equals(type)).findFirst());
		model.addAttribute("chosen", chosen.orElse(null));
		model.addAttribute("expiresIn", chosen.map((policy) -> human(policy.expiresIn())).orElse(null));
		model.addAttribute("draft", draft);
		return "ui/approvals/new";
	}

	private String amendPage(ApprovalDetails details, Draft draft, Model model) {
		model.addAttribute("request", ApprovalJson.summary(details.request()));
		model.addAttribute("policy", details.policy());
		model.addAttribute("draft", draft);
		return "ui/approvals/amend";
	}

	private static String refused(CountersignException ex, HttpServletResponse response, Model model,
			java.util.function.Supplier<String> page) {
		response.setStatus(status(ex.code()));
		model.addAttribute("error", ex.getMessage());
		model.addAttribute("errorCode", ex.code().name());
		return page.get();
	}

	/** The status the API answers the same refusal with. */
	private static int status(ErrorCode code) {
		return ProblemResponses.status(code).value();
	}

	private static String doneMessage(String done) {
		return switch (done) {
			case "decided" -> "Your signed decision was recorded.";
			case "opened" -> "The request is open for review.";
			case "amended" -> "A new revision was made; approvers decide again.";
			case "cancelled" -> "The request was cancelled.";
			case "claimed" -> "You claimed the execution.";
			case "reported" -> "The outcome was recorded.";
			default -> null;
		};
	}

	private static Optional<ApprovalRequestId> cursor(String after) {
		try {
			return Optional.of(ApprovalRequestId.of(after));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	static Row row(StoredRequest request, Instant now) {
		Duration left = Duration.between(now, request.expiresAt());
		String expiry = (request.state() != ApprovalState.UNDER_REVIEW) ? "—"
				: left.isNegative() ? "expired" : "in " + human(left);
		return new Row(request.id().toString(), request.actionType(), request.state().name(), request.initiator(),
				human(Duration.between(request.createdAt(), now)), request.createdAt(), request.expiresAt(), expiry);
	}

	/** A duration as people say it: the largest unit only ("3 h", "2 d"). */
	static String human(Duration duration) {
		long seconds = Math.max(0, duration.getSeconds());
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 86_400) {
			return (seconds / 3600) + " h";
		}
		return (seconds / 86_400) + " d";
	}

}
