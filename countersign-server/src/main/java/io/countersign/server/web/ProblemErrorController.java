package io.countersign.server.web;

import io.countersign.server.shared.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors that never reached a controller (raised by the servlet container or a
 * filter) in the same problem format as {@link ProblemDetailsAdvice}, replacing Spring
 * Boot's default error page.
 */
@RestController
@Hidden // not an API operation: Swagger UI listed /error with every method
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)
				? HttpStatusCode.valueOf(code) : HttpStatus.INTERNAL_SERVER_ERROR;
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable ex) {
			log.error("Request to {} failed outside a controller",
					request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), ex);
		}
		ErrorCode code = ProblemDetailsAdvice.codeFor(status);
		ProblemDetail problem = ProblemResponses.problem(code, null, request);
		// keep the status the container chose, even where our code's usual status differs
		problem.setStatus(status.value());
		return ResponseEntity.status(status)
			.headers(new HttpHeaders())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
