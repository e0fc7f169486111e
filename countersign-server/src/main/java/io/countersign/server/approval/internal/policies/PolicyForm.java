package io.countersign.server.approval.internal.policies;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.QuorumExpression;
import io.countersign.ledger.approval.QuorumSyntaxException;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.execution.ExecutorSecrets;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.webhook.OutboundGuard;

/**
 * A policy as a person writes it, in the JSON of {@code POST /api/v1/policies} or an
 * entry of the YAML import: checked member by member and turned into a
 * {@link PolicyDocument} (version 1 until the policy book numbers it). Mistakes are
 * ERR_VALIDATION naming the member, a quorum that does not parse ERR_INVALID_QUORUM
 * naming the position.
 */
final class PolicyForm {

	/** The members a policy has; anything else is a mistake, not silently ignored. */
	static final Set<String> MEMBERS = Set.of("actionType", "description", "initiators", "quorum", "veto", "elevated",
			"expiresIn", "minJustification", "execution", "executor");

	static final Duration SHORTEST_EXPIRY = Duration.ofMinutes(5);

	static final Duration LONGEST_EXPIRY = Duration.ofDays(30);

	static final int DEFAULT_MIN_JUSTIFICATION = 20;

	static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

	/** The shortest and longest executor secret: it must be worth an HMAC key. */
	static final int MIN_SECRET = 32;

	static final int MAX_SECRET = 256;

	private PolicyForm() {
	}

	/**
	 * @param form the members, as JSON or YAML gives them
	 * @param extra members the caller reads itself (e.g. {@code justification})
	 * @param elevationRole the configured elevation role, for elevated policies
	 */
	static PolicyDocument read(Map<String, Object> form, Set<String> extra, String elevationRole) {
		for (String member : form.keySet()) {
			if (!MEMBERS.contains(member) && !extra.contains(member)) {
				throw invalid("unknown member '" + member + "'; a policy has " + new java.util.TreeSet<>(MEMBERS));
			}
		}
		String actionType = text(form, "actionType").orElseThrow(() -> invalid("actionType is required"));
		if (!PolicyDocument.isActionType(actionType)) {
			throw invalid("actionType is a dotted lower-case name such as secret.rotate, not '" + actionType + "'");
		}
		String description = text(form, "description").orElse("");
		if (description.codePoints().anyMatch(PolicyForm::isControl)) {
			// the diff approvers read is line by line: a line break here could forge a
			// line
			throw invalid("description is one line without control characters");
		}
		List<String> initiators = roles(form, "initiators");
		String quorum = text(form, "quorum").orElseThrow(() -> invalid("quorum is required, e.g. \"2 of approver\""));
		try {
			QuorumExpression.parse(quorum);
		}
		catch (QuorumSyntaxException ex) {
			throw new CountersignException(ErrorCode.ERR_INVALID_QUORUM, ex.getMessage(), ex);
		}
		List<String> veto = form.containsKey("veto") ? roles(form, "veto") : List.of();
		boolean elevated = bool(form, "elevated").orElse(false);
		Duration expiresIn = text(form, "expiresIn").map(PolicyForm::duration).orElse(DEFAULT_EXPIRY);
		int minJustification = whole(form, "minJustification").orElse(DEFAULT_MIN_JUSTIFICATION);
		if (minJustification < 0 || minJustification > PolicyDocument.MAX_JUSTIFICATION) {
			throw invalid("minJustification is from 0 to " + PolicyDocument.MAX_JUSTIFICATION);
		}
		String execution = text(form, "execution").orElse(PolicyDocument.EXECUTION_INITIATOR);
		if (!PolicyDocument.EXECUTION_INITIATOR.equals(execution)
				&& !PolicyDocument.EXECUTION_WEBHOOK.equals(execution)) {
			throw invalid("execution is \"initiator\" or \"webhook\", not \"" + execution + "\"");
		}
		Optional<PolicyDocument.Executor> executor = executor(form);
		if (PolicyDocument.EXECUTION_WEBHOOK.equals(execution) && executor.isEmpty()) {
			throw invalid("execution \"webhook\" needs executor: {\"url\": \"https://…\", \"secret\": \"…\"}");
		}
		if (PolicyDocument.EXECUTION_INITIATOR.equals(execution) && executor.isPresent()) {
			throw invalid("executor is only for execution \"webhook\"");
		}
		try {
			return new PolicyDocument(actionType, 1, description, initiators, quorum, veto, elevated,
					elevated ? Optional.of(elevationRole) : Optional.empty(), expiresIn, minJustification, execution,
					executor);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
	}

	/**
	 * The executor secret written in the form, if one is (rather than the fingerprint of
	 * one stored before): the caller seals and stores it with the proposal.
	 */
	static Optional<String> executorSecret(Map<String, Object> form) {
		if (!(form.get("executor") instanceof Map<?, ?> executor)
				|| !(executor.get("secret") instanceof String secret)) {
			return Optional.empty();
		}
		return Optional.of(secret);
	}

	// {url, secret} with a new secret, or {url, secretFingerprint} naming one stored with
	// an earlier version (as the YAML export writes it)
	private static Optional<PolicyDocument.Executor> executor(Map<String, Object> form) {
		Object value = form.get("executor");
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw invalid("executor is an object: {\"url\": \"https://…\", \"secret\": \"…\"}");
		}
		for (Object member : map.keySet()) {
			if (!Set.of("url", "secret", "secretFingerprint").contains(member)) {
				throw invalid("unknown member 'executor." + member + "'; an executor has url and secret");
			}
		}
		if (!(map.get("url") instanceof String url)) {
			throw invalid("executor.url is required, an http or https URL");
		}
		try {
			// refused (not merely invalid) with the outbound guard's own code, before the
			// shape of the URL is judged
			OutboundGuard.checkForm(new java.net.URI(url));
		}
		catch (java.net.URISyntaxException notAUrl) {
			// reported by checkUrl below
		}
		try {
			PolicyDocument.Executor.checkUrl(url);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
		Object secret = map.get("secret");
		Object fingerprint = map.get("secretFingerprint");
		if ((secret == null) == (fingerprint == null)) {
			throw invalid("executor has either secret (a new one) or secretFingerprint (one stored before)");
		}
		String stored;
		if (secret != null) {
			if (!(secret instanceof String text) || text.length() < MIN_SECRET || text.length() > MAX_SECRET
					|| !text.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
				throw invalid("executor.secret is " + MIN_SECRET + " to " + MAX_SECRET
						+ " printable ASCII characters without spaces, e.g. from `openssl rand -hex 32`");
			}
			stored = ExecutorSecrets.fingerprint(text);
		}
		else if (fingerprint instanceof String text) {
			stored = text;
		}
		else {
			throw invalid("executor.secretFingerprint is a string");
		}
		try {
			return Optional.of(new PolicyDocument.Executor(url, stored));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
	}

	static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message + ".");
	}

	private static boolean isControl(int codePoint) {
		return Character.isISOControl(codePoint) || codePoint == 0x2028 || codePoint == 0x2029;
	}

	private static Duration duration(String text) {
		Duration duration;
		try {
			duration = Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw invalid("expiresIn is an ISO 8601 duration such as PT24H, not '" + text + "'");
		}
		if (duration.compareTo(SHORTEST_EXPIRY) < 0 || duration.compareTo(LONGEST_EXPIRY) > 0) {
			throw invalid("expiresIn is from " + SHORTEST_EXPIRY + " to " + LONGEST_EXPIRY + " (P30D)");
		}
		return duration;
	}

	private static Optional<String> text(Map<String, Object> form, String member) {
		Object value = form.get(member);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof String text)) {
			throw invalid(member + " is a string");
		}
		return Optional.of(text);
	}

	private static Optional<Boolean> bool(Map<String, Object> form, String member) {
		Object value = form.get(member);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Boolean flag)) {
			throw invalid(member + " is true or false");
		}
		return Optional.of(flag);
	}

	private static Optional<Integer> whole(Map<String, Object> form, String member) {
		Object value = form.get(member);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() > Integer.MAX_VALUE
				|| ((Number) value).longValue() < Integer.MIN_VALUE) {
			throw invalid(member + " is a whole number");
		}
		return Optional.of(((Number) value).intValue());
	}

	private static List<String> roles(Map<String, Object> form, String member) {
		Object value = form.get(member);
		if (!(value instanceof List<?> list)) {
			throw invalid(member + " is a list of role names");
		}
		List<String> roles = new ArrayList<>();
		for (Object role : list) {
			if (!(role instanceof String name)) {
				throw invalid(member + " is a list of role names");
			}
			roles.add(name);
		}
		return roles;
	}

}
