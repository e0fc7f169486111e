package io.countersign.server.approval.internal.requests;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.RequestContent;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * What a request asks for, checked at the edge: parameters as plain JSON values, a diff
 * of bounded size, a justification long enough for the policy.
 */
public final class RequestInput {

	/**
	 * The largest request content (parameters, diff, justification and the rest) as UTF-8
	 * JSON: its ledger event, which carries it whole with the policy, must stay under the
	 * ledger's 64 KiB per event.
	 */
	public static final int MAX_CONTENT_BYTES = 48 * 1024;

	/** The largest diff, in characters. */
	public static final int MAX_DIFF = MAX_CONTENT_BYTES;

	/** The largest parameters object, as compact JSON. */
	public static final int MAX_PARAMETERS = MAX_CONTENT_BYTES;

	private RequestInput() {
	}

	/**
	 * The parameters as the ledger's JSON reads them back (integers as Long, other
	 * numbers as BigDecimal), so the digest the server computes is the one a verifier
	 * recomputes from the event.
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> parameters(Map<String, Object> parameters) {
		if (parameters == null) {
			return new LinkedHashMap<>();
		}
		String text;
		try {
			text = Json.write(parameters);
		}
		catch (JsonException ex) {
			throw invalid("parameters: " + ex.getMessage());
		}
		if (text.length() > MAX_PARAMETERS) {
			throw invalid("parameters: at most " + MAX_PARAMETERS + " characters of JSON");
		}
		return (Map<String, Object>) Json.parse(text);
	}

	public static Optional<String> diff(Optional<String> diff) {
		diff.ifPresent((text) -> {
			if (text.length() > MAX_DIFF) {
				throw invalid("diff: at most " + MAX_DIFF + " characters");
			}
		});
		return diff;
	}

	public static String justification(String justification, PolicyDocument policy) {
		String text = (justification == null) ? "" : justification.strip();
		if (text.length() > PolicyDocument.MAX_JUSTIFICATION) {
			throw invalid("justification: at most " + PolicyDocument.MAX_JUSTIFICATION + " characters");
		}
		int length = text.codePointCount(0, text.length());
		if (length < Math.max(1, policy.minJustification())) {
			throw new CountersignException(ErrorCode.ERR_JUSTIFICATION_TOO_SHORT,
					"The policy for '" + policy.actionType() + "' needs a justification of at least "
							+ Math.max(1, policy.minJustification()) + " characters; this one has " + length + ".");
		}
		return text;
	}

	/** Refuses content too large for the event that must carry it. */
	public static RequestContent fits(RequestContent content) {
		int bytes = Json.write(content.toJson()).getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_CONTENT_BYTES) {
			throw invalid("the request (parameters, diff and justification) is " + bytes + " bytes of JSON; at most "
					+ MAX_CONTENT_BYTES);
		}
		return content;
	}

	static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
