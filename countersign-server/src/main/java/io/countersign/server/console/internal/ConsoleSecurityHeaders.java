package io.countersign.server.console.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's Content-Security-Policy: scripts, styles, images and requests only from
 * the server itself, nothing inline (so an event field that slipped through escaping
 * still could not run), no framing, forms posting only back to the server.
 */
final class ConsoleSecurityHeaders extends OncePerRequestFilter {

	static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
			+ "form-action 'self'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", POLICY);
		response.setHeader("Referrer-Policy", "same-origin");
		chain.doFilter(request, response);
	}

}
