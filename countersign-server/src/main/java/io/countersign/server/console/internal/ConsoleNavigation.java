package io.countersign.server.console.internal;

import java.util.ArrayList;
import java.util.List;

import io.countersign.server.shared.Caller;

/**
 * What the console shows a person, from the permissions they hold now. Hiding a link is a
 * convenience only: every page checks the permission again on the server.
 */
public final class ConsoleNavigation {

	public static final String EVENTS_READ = "events:read";

	public static final String LEDGER_READ = "ledger:read";

	public static final String LEDGER_VERIFY = "ledger:verify";

	public static final String APPROVALS_READ = "approvals:read";

	public static final String APPROVALS_DECIDE = "approvals:decide";

	public static final String APPROVALS_REQUEST = "approvals:request";

	public static final String COMPLIANCE_READ = "compliance:read";

	public static final String ALERTS_READ = "alerts:read";

	/** Any of these opens the administration pages. */
	public static final List<String> ADMIN_PERMISSIONS = List.of("users:manage", "roles:manage", "tokens:manage",
			"policies:manage");

	private ConsoleNavigation() {
	}

	public static boolean canAudit(Caller caller) {
		return caller.holds(EVENTS_READ);
	}

	public static boolean canSeeApprovals(Caller caller) {
		return caller.holds(APPROVALS_READ) || caller.holds(APPROVALS_DECIDE) || caller.holds(APPROVALS_REQUEST);
	}

	public static boolean canSeeLedger(Caller caller) {
		return caller.holds(LEDGER_READ);
	}

	public static boolean canAdminister(Caller caller) {
		return ADMIN_PERMISSIONS.stream().anyMatch(caller::holds);
	}

	/** The links of the navigation bar, in order, that {@code caller} may follow. */
	public static List<Link> links(Caller caller) {
		List<Link> links = new ArrayList<>();
		if (canAudit(caller)) {
			links.add(new Link("audit", "Audit", "/ui/audit"));
		}
		if (canSeeApprovals(caller)) {
			links.add(new Link("approvals", "Approvals", "/ui/approvals"));
		}
		if (caller.holds(ALERTS_READ)) {
			links.add(new Link("alerts", "Alerts", "/ui/alerts"));
		}
		if (canSeeLedger(caller)) {
			links.add(new Link("ledger", "Ledger", "/ui/ledger"));
		}
		if (caller.holds(COMPLIANCE_READ)) {
			links.add(new Link("compliance", "Compliance", "/ui/compliance"));
		}
		if (canAdminister(caller)) {
			links.add(new Link("admin", "Admin", "/ui/admin"));
		}
		return links;
	}

	/**
	 * The most useful first page: an approver with requests waiting goes to the approvals
	 * inbox; an administrator (who holds every permission) to the ledger status, the
	 * health of what they run; whoever may read the audit log (an auditor) to the audit
	 * viewer; else the ledger status, the approvals pages, administration, in that order;
	 * someone with none of these sees the bare home page.
	 */
	public static String landing(Caller caller, WaitingApprovals waiting) {
		if (caller.holds(APPROVALS_DECIDE) && waiting.waitingFor(caller) > 0) {
			return "/ui/approvals";
		}
		if (canAdminister(caller) && canSeeLedger(caller)) {
			return "/ui/ledger";
		}
		if (canAudit(caller)) {
			return "/ui/audit";
		}
		if (canSeeLedger(caller)) {
			return "/ui/ledger";
		}
		if (canSeeApprovals(caller)) {
			return "/ui/approvals";
		}
		if (canAdminister(caller)) {
			return "/ui/admin";
		}
		return "/ui/home";
	}

	/** A link of the navigation bar; {@code id} names it for the active mark. */
	public record Link(String id, String label, String href) {
	}

}
