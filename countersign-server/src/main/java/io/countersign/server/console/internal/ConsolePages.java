package io.countersign.server.console.internal;

import java.util.ArrayList;
import java.util.List;

import io.countersign.server.shared.Caller;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's entry: sign-in, the landing rule for {@code /} and the bare home page.
 * Sign-in itself is the access module's {@code POST /api/v1/session}, called by
 * {@code signin.js}, so the console gets the same throttles, lockout, TOTP and events as
 * every other client.
 */
@Controller
class ConsolePages {

	private final WaitingApprovals waiting;

	private final ObjectProvider<ClientRegistrationRepository> registrations;

	ConsolePages(WaitingApprovals waiting, ObjectProvider<ClientRegistrationRepository> registrations) {
		this.waiting = waiting;
		this.registrations = registrations;
	}

	@GetMapping({ "/", "/ui", "/ui/" })
	String landing(@AuthenticationPrincipal Caller caller) {
		return "redirect:" + ConsoleNavigation.landing(caller, this.waiting);
	}

	@GetMapping("/ui/home")
	String home() {
		return "console/home";
	}

	@GetMapping("/ui/sign-in")
	String signIn(@RequestParam(name = "next", required = false) String next, Model model) {
		model.addAttribute("next", safeNext(next));
		model.addAttribute("providers", providers());
		return "console/sign-in";
	}

	/** Only a console path may follow sign-in: no open redirect to another site. */
	static String safeNext(String next) {
		if (next == null || !next.startsWith("/ui/") || next.startsWith("//") || next.contains("\\")
				|| next.length() > 2000) {
			return "/";
		}
		return next;
	}

	private List<Provider> providers() {
		List<Provider> providers = new ArrayList<>();
		ClientRegistrationRepository repository = this.registrations.getIfAvailable();
		if (repository instanceof Iterable<?> all) {
			for (Object each : all) {
				ClientRegistration registration = (ClientRegistration) each;
				providers.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
			}
		}
		return providers;
	}

	/** A single sign-on provider: its button starts at /oauth2/authorization/{id}. */
	record Provider(String id, String name) {
	}

}
