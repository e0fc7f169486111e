package io.countersign.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RetryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Turns every failure of a request into an RFC 9457 {@code application/problem+json}
 * document with a stable {@code code}; controllers throw, they never build error bodies.
 * Security failures are routed here as well, so 401 and 403 look like every other error.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(CountersignException.class)
	ResponseEntity<ProblemDetail> countersign(CountersignException ex, HttpServletRequest request) {
		switch (ex.code().kind()) {
			case INTERNAL, INTEGRITY ->
				log.error("{} {} failed with {}", request.getMethod(), request.getRequestURI(), ex.code(), ex);
			case UNAVAILABLE -> log.warn("{} {} failed with {}: {}", request.getMethod(), request.getRequestURI(),
					ex.code(), ex.getMessage());
			default -> log.debug("{} {} rejected with {}", request.getMethod(), request.getRequestURI(), ex.code());
		}
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof RetryLaterException later) {
			// RFC 9110 section 10.2.3: whole seconds, at least one
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, later.retryAfter().toSeconds())));
		}
		// an internal failure's message is for the log: it may name keys, contexts or
		// account ids
		String detail = (ex.code().kind() == ErrorCode.Kind.INTERNAL) ? null : ex.getMessage();
		return ProblemResponses.response(ProblemResponses.problem(ex.code(), detail, request), headers);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		// a domain rule broken inside a record constructor keeps its own code
		Optional<CountersignException> domain = cause(ex, CountersignException.class);
		if (domain.isPresent()) {
			return countersign(domain.get(), request);
		}
		Optional<StreamReadException> syntax = cause(ex, StreamReadException.class);
		if (syntax.isPresent()) {
			return ProblemResponses.response(ErrorCode.ERR_MALFORMED_JSON,
					"The request body is not valid JSON" + location(syntax.get()) + ".", request);
		}
		Optional<DatabindException> binding = cause(ex, DatabindException.class);
		if (binding.isPresent()) {
			return ProblemResponses.response(ErrorCode.ERR_VALIDATION, bindingDetail(binding.get()), request);
		}
		if (ex.getCause() == null) {
			return ProblemResponses.response(ErrorCode.ERR_MALFORMED_JSON, "The request body is missing.", request);
		}
		return ProblemResponses.response(ErrorCode.ERR_MALFORMED_JSON, null, request);
	}

	@ExceptionHandler(BindException.class)
	ResponseEntity<ProblemDetail> invalid(BindException ex, HttpServletRequest request) {
		// MethodArgumentNotValidException (@Valid @RequestBody) is a BindException too
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors
				.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
		return validation(errors, request);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<ProblemDetail> invalid(HandlerMethodValidationException ex, HttpServletRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = Optional.ofNullable(result.getMethodParameter().getParameterName()).orElse("parameter");
			result.getResolvableErrors()
				.forEach((error) -> errors
					.add(Map.of("field", name, "message", String.valueOf(error.getDefaultMessage()))));
		});
		return validation(errors, request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> invalid(ConstraintViolationException ex, HttpServletRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getConstraintViolations()
			.forEach((violation) -> errors
				.add(Map.of("field", String.valueOf(violation.getPropertyPath()), "message", violation.getMessage())));
		return validation(errors, request);
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException ex,
			HttpServletRequest request) {
		return ProblemResponses.response(ErrorCode.ERR_VALIDATION,
				"Request parameter '" + ex.getParameterName() + "' is required.", request);
	}

	@ExceptionHandler(TypeMismatchException.class)
	ResponseEntity<ProblemDetail> mistyped(TypeMismatchException ex, HttpServletRequest request) {
		// the rejected value is not echoed: it might be something the caller should not
		// see again in logs
		String name = Optional.ofNullable(ex.getPropertyName()).orElse("parameter");
		String type = (ex.getRequiredType() != null) ? " must be " + typeName(ex.getRequiredType()) : " is not valid";
		return ProblemResponses.response(ErrorCode.ERR_VALIDATION, "Parameter '" + name + "'" + type + ".", request);
	}

	@ExceptionHandler(ServletRequestBindingException.class)
	ResponseEntity<ProblemDetail> binding(ServletRequestBindingException ex, HttpServletRequest request) {
		return ProblemResponses.response(ErrorCode.ERR_VALIDATION, ex.getBody().getDetail(), request);
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request) {
		return ProblemResponses.response(ErrorCode.ERR_EVENT_TOO_LARGE, "The request body is larger than allowed.",
				request);
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex, HttpServletRequest request) {
		// RFC 6750 section 3: tell the client which scheme, and whether its token was
		// refused
		boolean refused = ex instanceof BadCredentialsException;
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE,
				refused ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\"" : "Bearer");
		String detail = refused ? "The bearer token is not valid." : ErrorCode.ERR_UNAUTHENTICATED.defaultMessage();
		return ProblemResponses.response(ProblemResponses.problem(ErrorCode.ERR_UNAUTHENTICATED, detail, request),
				headers);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> forbidden(AccessDeniedException ex, HttpServletRequest request) {
		return ProblemResponses.response(ErrorCode.ERR_FORBIDDEN, null, request);
	}

	@ExceptionHandler({ TransientDataAccessException.class, DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex, HttpServletRequest request) {
		log.warn("{} {} failed: database unavailable", request.getMethod(), request.getRequestURI(), ex);
		return ProblemResponses.response(ErrorCode.ERR_LEDGER_UNAVAILABLE, null, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse response) {
			return protocol(ex, response, request);
		}
		log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), ex);
		return ProblemResponses.response(ErrorCode.ERR_INTERNAL, null, request);
	}

	/**
	 * Spring MVC's own protocol failures (404, 405, 406, 415, …) carry their status;
	 * translate it to our code and keep the headers Spring computed (Allow, Accept).
	 */
	private ResponseEntity<ProblemDetail> protocol(Exception ex, ErrorResponse response, HttpServletRequest request) {
		HttpStatusCode status = response.getStatusCode();
		ErrorCode code = codeFor(status);
		if (status.is5xxServerError()) {
			log.error("{} {} failed", request.getMethod(), request.getRequestURI(), ex);
		}
		String detail = switch (code) {
			case ERR_NOT_FOUND -> "No resource at " + request.getRequestURI() + ".";
			case ERR_METHOD_NOT_ALLOWED -> "Method " + request.getMethod() + " is not allowed here.";
			case ERR_INTERNAL -> null;
			default -> response.getBody().getDetail();
		};
		return ProblemResponses.response(ProblemResponses.problem(code, detail, request), response.getHeaders());
	}

	/** The code for an HTTP status that Spring or the servlet container decided on. */
	static ErrorCode codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> ErrorCode.ERR_VALIDATION;
			case 401 -> ErrorCode.ERR_UNAUTHENTICATED;
			case 403 -> ErrorCode.ERR_FORBIDDEN;
			case 404 -> ErrorCode.ERR_NOT_FOUND;
			case 405 -> ErrorCode.ERR_METHOD_NOT_ALLOWED;
			case 406 -> ErrorCode.ERR_NOT_ACCEPTABLE;
			case 413 -> ErrorCode.ERR_EVENT_TOO_LARGE;
			case 415 -> ErrorCode.ERR_UNSUPPORTED_MEDIA_TYPE;
			case 503 -> ErrorCode.ERR_LEDGER_UNAVAILABLE;
			default -> status.is4xxClientError() ? ErrorCode.ERR_VALIDATION : ErrorCode.ERR_INTERNAL;
		};
	}

	private ResponseEntity<ProblemDetail> validation(List<Map<String, String>> errors, HttpServletRequest request) {
		String detail = errors.isEmpty() ? ErrorCode.ERR_VALIDATION.defaultMessage()
				: errors.stream()
					.map((error) -> error.get("field") + ": " + error.get("message"))
					.reduce((a, b) -> a + "; " + b)
					.orElseThrow();
		ProblemDetail problem = ProblemResponses.problem(ErrorCode.ERR_VALIDATION, detail, request);
		problem.setProperty("errors", errors);
		return ProblemResponses.response(problem, new HttpHeaders());
	}

	private static String bindingDetail(DatabindException ex) {
		String path = path(ex);
		String where = path.isEmpty() ? "The request body" : "Field '" + path + "'";
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return where + " must be " + typeName(mismatch.getTargetType()) + ".";
		}
		return where + " is not valid.";
	}

	/** A JSON path such as {@code events[3].actor.id}; never a value from the body. */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String location(JacksonException ex) {
		if (ex.getLocation() == null || ex.getLocation().getLineNr() < 0) {
			return "";
		}
		return " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
	}

	private static String typeName(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "a boolean";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.toString(type.getEnumConstants());
		}
		if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		// a JSON client knows objects, not the Java class behind one (LinkedHashMap, a
		// record)
		return "an object";
	}

	private static <T extends Throwable> Optional<T> cause(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return Optional.of(type.cast(t));
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return Optional.empty();
	}

}
