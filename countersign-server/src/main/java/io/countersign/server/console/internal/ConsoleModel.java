package io.countersign.server.console.internal;

import java.util.ArrayList;
import java.util.List;

import io.countersign.server.shared.Caller;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.web.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page's layout needs: the signed-in person, the links they may follow
 * and the CSRF token (in a {@code meta} tag for scripts and htmx, and in every
 * {@code th:action} form as the hidden {@code _csrf} field). Errors of console pages
 * render as a page, not as the API's problem JSON. It applies to the console module's
 * controllers and to the pages features keep with their own use cases, marked
 * {@code @ConsolePage} (approvals, administration).
 */
@ControllerAdvice(basePackages = "io.countersign.server.console", annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

	@ModelAttribute("me")
	Caller me(@AuthenticationPrincipal Caller caller) {
		return caller;
	}

	@ModelAttribute("navigation")
	List<ConsoleNavigation.Link> navigation(@AuthenticationPrincipal Caller caller) {
		return (caller != null) ? ConsoleNavigation.links(caller) : new ArrayList<>();
	}

	/**
	 * Read here, before the page renders: reading a token the browser has no cookie for
	 * yet sets the cookie, which must happen before the response is committed.
	 */
	@ModelAttribute("csrf")
	CsrfToken csrf(CsrfToken token) {
		if (token != null) {
			token.getToken();
		}
		return token;
	}

	@ExceptionHandler(CountersignException.class)
	ModelAndView failure(CountersignException failure, HttpServletResponse response) {
		ModelAndView page = new ModelAndView("console/error");
		page.setStatus(ProblemResponses.status(failure.code()));
		page.addObject("code", failure.code().name());
		page.addObject("message", failure.getMessage());
		return page;
	}

}
