package io.countersign.server.console.internal.audit;

import io.countersign.server.console.internal.ConsoleNavigation;
import io.countersign.server.shared.Caller;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The audit log viewer: the ledger's events, filtered and paged, and each entry's proof.
 */
@Controller
class AuditPages {

	@GetMapping("/ui/audit")
	String timeline(@AuthenticationPrincipal Caller caller) {
		ConsoleNavigation.require(caller, ConsoleNavigation.EVENTS_READ);
		return "console/audit/timeline";
	}

}
