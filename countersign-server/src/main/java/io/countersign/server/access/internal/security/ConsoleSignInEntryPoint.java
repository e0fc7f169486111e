package io.countersign.server.access.internal.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Without a session, a console page ({@code /} and {@code /ui/**}) sends the browser to
 * the sign-in page, which returns it where it was going; htmx requests get
 * {@code HX-Redirect} instead of a sign-in page swapped into a fragment. Everything else
 * is answered with the API's 401 problem.
 */
final class ConsoleSignInEntryPoint implements AuthenticationEntryPoint {

	static final String SIGN_IN_PAGE = "/ui/sign-in";

	private final AuthenticationEntryPoint api;

	ConsoleSignInEntryPoint(AuthenticationEntryPoint api) {
		this.api = api;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean console = path.equals("/") || path.equals("/ui") || path.startsWith("/ui/");
		if (!console || !"GET".equals(request.getMethod()) && request.getHeader("HX-Request") == null) {
			this.api.commence(request, response, exception);
			return;
		}
		String target = path + ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		String signIn = request.getContextPath() + SIGN_IN_PAGE
				+ (path.startsWith("/ui/") ? "?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8) : "");
		if (request.getHeader("HX-Request") != null) {
			response.setHeader("HX-Redirect", signIn);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		response.sendRedirect(signIn);
	}

}
