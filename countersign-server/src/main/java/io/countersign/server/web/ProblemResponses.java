package io.countersign.server.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.countersign.server.shared.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriUtils;

/**
 * Builds the RFC 9457 problem document for an {@link ErrorCode}: the one place that
 * decides the type URI, title, HTTP status and the stable {@code code} member.
 */
public final class ProblemResponses {

	/**
	 * Prefix of every problem {@code type}; the suffix is the code in lower case with
	 * dashes.
	 */
	public static final String TYPE_PREFIX = "https://countersign.dev/problems/";

	private ProblemResponses() {
	}

	/** The HTTP status for a code; only the web layer knows about HTTP. */
	public static HttpStatus status(ErrorCode code) {
		return switch (code.kind()) {
			case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case BUSY -> HttpStatus.TOO_MANY_REQUESTS;
			case INTEGRITY, INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
			case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
			case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
		};
	}

	/**
	 * The stable problem type URI of a code, e.g. {@code …/problems/err-malformed-json}.
	 */
	public static URI type(ErrorCode code) {
		return URI.create(TYPE_PREFIX + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/**
	 * The problem document. {@code detail} must be safe to show to the caller: it never
	 * contains request values, tokens or keys.
	 */
	public static ProblemDetail problem(ErrorCode code, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(status(code));
		problem.setType(type(code));
		problem.setTitle(code.defaultMessage());
		problem.setDetail((detail != null && !detail.isBlank()) ? detail : code.defaultMessage());
		if (request != null) {
			// the path only: a query string may carry values we must not echo; on an
			// error
			// dispatch the original path, not /error
			Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			String path = (original instanceof String s) ? s : request.getRequestURI();
			problem.setInstance(URI
				.create(UriUtils.encodePath(UriUtils.decode(path, StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
		}
		problem.setProperty("code", code.name());
		return problem;
	}

	/** The problem as a response entity with the problem media type. */
	public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, HttpServletRequest request) {
		return response(problem(code, detail, request), new HttpHeaders());
	}

	static ResponseEntity<ProblemDetail> response(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
