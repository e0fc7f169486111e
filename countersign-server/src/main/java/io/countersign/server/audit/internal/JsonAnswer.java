package io.countersign.server.audit.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes a JSON answer the ledger's hot endpoints (appends, proofs) built themselves:
 * with its length, in one piece. A message converter would negotiate, stream and flush
 * early, so Tomcat would send the answer chunked in two writes, on every request.
 */
final class JsonAnswer {

	private JsonAnswer() {
	}

	static void write(HttpServletResponse response, int status, byte[] json) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

}
