package io.countersign.server.access.internal.web;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.security.AccessRuleInterceptor;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.access.internal.signin.PasswordSignIn;
import io.countersign.server.access.internal.signin.SignInAttempt;
import io.countersign.server.access.internal.signin.SignInResult;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.PublicEndpoint;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Console sign-in and sign-out: a password (and TOTP) for a session cookie. */
@RestController
@RequestMapping("/api/v1/session")
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class SessionController {

	private final PasswordSignIn signIn;

	private final ConsoleSessions sessions;

	private final SessionCookie cookie;

	private final CookieCsrfTokenRepository csrfTokens;

	private final long idleTimeoutSeconds;

	SessionController(PasswordSignIn signIn, ConsoleSessions sessions, SessionCookie cookie,
			CookieCsrfTokenRepository csrfTokens, AccessProperties properties) {
		this.signIn = signIn;
		this.csrfTokens = csrfTokens;
		this.sessions = sessions;
		this.cookie = cookie;
		this.idleTimeoutSeconds = properties.session().idleTimeout().toSeconds();
	}

	@GetMapping(path = "/csrf", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A CSRF token to send as X-CSRF-TOKEN on sign-in and on changes made with the session")
	@PublicEndpoint
	CsrfView csrf(CsrfToken token) {
		// reading the token makes the repository set the CSRF cookie it is checked
		// against
		return new CsrfView(token.getHeaderName(), token.getToken());
	}

	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Sign in with user name, password and (where required) a TOTP code")
	@PublicEndpoint
	SignedInView signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest httpRequest,
			HttpServletResponse response) {
		// a new sign-in replaces the browser's earlier session rather than leaving it
		// open
		AccessRuleInterceptor.currentCaller().ifPresent(this.sessions::signOut);
		SignInResult result = this.signIn.signIn(request.attempt());
		if (result instanceof SignInResult.Refused refused) {
			refused.retryAfter()
				.ifPresent((wait) -> response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait))));
			throw new CountersignException(refused.code());
		}
		SignInResult.SignedIn signedIn = (SignInResult.SignedIn) result;
		this.cookie.write(response, signedIn.session().token());
		// a CSRF token known before sign-in (perhaps planted) does not carry over into
		// the session: fetch a new one
		this.csrfTokens.saveToken(null, httpRequest, response);
		return new SignedInView(signedIn.account().username(), signedIn.session().session().id(),
				this.idleTimeoutSeconds);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Sign out: end the console session and clear its cookie")
	@SelfService
	void signOut(@AuthenticationPrincipal Caller caller, HttpServletResponse response) {
		this.sessions.signOut(caller);
		this.cookie.clear(response);
	}

	/** Whole seconds, rounded up (RFC 9110 section 10.2.3). */
	private static long seconds(Duration wait) {
		return Math.max(1, wait.plusNanos(999_999_999).toSeconds());
	}

	record CsrfView(String headerName, String token) {
	}

	record SignInRequest(@NotBlank @Size(max = 64) String username, @NotEmpty @Size(max = 1024) String password,
			@Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String totp) {

		SignInAttempt attempt() {
			return new SignInAttempt(this.username, this.password, Optional.ofNullable(this.totp));
		}

		@Override
		public String toString() {
			return "SignInRequest[username=" + this.username + "]";
		}

	}

	record SignedInView(String username, String sessionId, long idleTimeoutSeconds) {
	}

}
