package io.countersign.server.approval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.countersign.ledger.approval.PolicyVersion;
import io.countersign.ledger.approval.QuorumExpression;
import io.countersign.ledger.approval.QuorumPolicy;
import io.countersign.ledger.approval.RoleName;

/**
 * One version of the approval policy of an action type, as requests are bound to it and
 * as ledger events and the evidence verifier carry it (the contract in
 * docs/approvals.md): who may initiate, the quorum in canonical form, veto roles,
 * elevation, expiry, the shortest justification and who executes.
 *
 * @param actionType the action the policy governs, e.g. {@code secret.rotate}
 * @param version 1-based per action type
 * @param description what the action is, for people
 * @param initiators roles whose holders may request the action (sorted)
 * @param quorum the quorum expression, canonical ({@code QuorumExpression#toString})
 * @param veto roles whose holders' single rejection rejects (sorted)
 * @param elevated whether one more approval from {@code elevation} is needed
 * @param elevation the elevation role, present exactly when {@code elevated}
 * @param expiresIn how long a request stays open
 * @param minJustification the fewest characters a justification may have
 * @param execution who executes once approved: {@code initiator} (the initiator claims
 * and reports) or {@code webhook} (Countersign calls {@code executor})
 * @param executor where Countersign sends an approved request, present exactly when
 * {@code execution} is {@code webhook}
 */
public record PolicyDocument(String actionType, int version, String description, List<String> initiators, String quorum,
		List<String> veto, boolean elevated, Optional<String> elevation, Duration expiresIn, int minJustification,
		String execution, Optional<Executor> executor) {

	/**
	 * The action types Countersign gates itself: changing a policy, granting
	 * {@code admin}, rotating the ledger keys, deleting or purging data (each always has
	 * a policy; docs/approvals.md).
	 */
	public static final Set<String> GATED_ACTION_TYPES = Set.of("policy.change", "role.grant.admin",
			"ledger.key.rotate", "data.purge");

	/** The initiator claims the execution and reports its outcome. */
	public static final String EXECUTION_INITIATOR = "initiator";

	/** Countersign calls the policy's executor webhook once the quorum is met. */
	public static final String EXECUTION_WEBHOOK = "webhook";

	/** Dotted lower-case names, e.g. {@code role.grant.admin}. */
	public static final Pattern ACTION_TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*){0,7}");

	public static final int MAX_ACTION_TYPE = 128;

	public static final int MAX_DESCRIPTION = 500;

	public static final int MAX_JUSTIFICATION = 10_000;

	/**
	 * Checks every member and puts quorum and role lists in canonical form; a quorum that
	 * does not parse is a {@code QuorumSyntaxException}, anything else wrong an
	 * {@code IllegalArgumentException} naming the member.
	 */
	public PolicyDocument {
		if (!isActionType(actionType)) {
			throw new IllegalArgumentException("actionType is a dotted lower-case name such as secret.rotate, at most "
					+ MAX_ACTION_TYPE + " characters");
		}
		if (version < 1) {
			throw new IllegalArgumentException("policy versions start at 1");
		}
		if (description.length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("description has at most " + MAX_DESCRIPTION + " characters");
		}
		initiators = roles("initiators", initiators);
		if (initiators.isEmpty()) {
			throw new IllegalArgumentException("initiators names at least one role");
		}
		quorum = QuorumExpression.parse(quorum).toString();
		veto = roles("veto", veto);
		elevation.ifPresent((role) -> roles("elevation", List.of(role)));
		if (elevated != elevation.isPresent()) {
			throw new IllegalArgumentException("an elevated policy names its elevation role, another none");
		}
		if (expiresIn.isNegative() || expiresIn.isZero()) {
			throw new IllegalArgumentException("expiresIn is a positive duration such as PT24H");
		}
		if (minJustification < 0 || minJustification > MAX_JUSTIFICATION) {
			throw new IllegalArgumentException("minJustification is from 0 to " + MAX_JUSTIFICATION);
		}
		if (!EXECUTION_INITIATOR.equals(execution) && !EXECUTION_WEBHOOK.equals(execution)) {
			throw new IllegalArgumentException(
					"execution is \"" + EXECUTION_INITIATOR + "\" or \"" + EXECUTION_WEBHOOK + "\"");
		}
		if (EXECUTION_WEBHOOK.equals(execution) != executor.isPresent()) {
			throw new IllegalArgumentException("a policy with execution \"webhook\" names its executor, another none");
		}
	}

	/** A policy whose initiator executes (no executor webhook). */
	public PolicyDocument(String actionType, int version, String description, List<String> initiators, String quorum,
			List<String> veto, boolean elevated, Optional<String> elevation, Duration expiresIn, int minJustification,
			String execution) {
		this(actionType, version, description, initiators, quorum, veto, elevated, elevation, expiresIn,
				minJustification, execution, Optional.empty());
	}

	/**
	 * Whether Countersign calls an executor webhook instead of the initiator executing.
	 */
	public boolean executedByWebhook() {
		return this.executor.isPresent();
	}

	public static boolean isActionType(String actionType) {
		return actionType.length() <= MAX_ACTION_TYPE && ACTION_TYPE.matcher(actionType).matches();
	}

	/** The same document as another version (the policy book numbers them). */
	public PolicyDocument withVersion(int version) {
		return new PolicyDocument(this.actionType, version, this.description, this.initiators, this.quorum, this.veto,
				this.elevated, this.elevation, this.expiresIn, this.minJustification, this.execution, this.executor);
	}

	/** The rules the ledger module evaluates: quorum, veto and elevation. */
	public QuorumPolicy quorumPolicy() {
		return new QuorumPolicy(QuorumExpression.parse(this.quorum),
				this.veto.stream().map(RoleName::of).collect(Collectors.toSet()), this.elevation.map(RoleName::of));
	}

	public PolicyVersion policyVersion() {
		return new PolicyVersion(this.actionType, this.version);
	}

	/** Whether a holder of these roles may initiate. */
	public boolean mayInitiate(Set<String> roles) {
		return this.initiators.stream().anyMatch(roles::contains);
	}

	/** The roles whose holders may decide: quorum, veto and elevation roles. */
	public Set<String> deciderRoles() {
		Set<String> roles = new TreeSet<>();
		quorumPolicy().effectiveQuorum().roles().forEach((role) -> roles.add(role.value()));
		roles.addAll(this.veto);
		return roles;
	}

	/**
	 * The document as ledger events and the verifier carry it, member names exact
	 * (docs/approvals.md): {@code elevation} is null when not elevated.
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("actionType", this.actionType);
		json.put("version", (long) this.version);
		json.put("description", this.description);
		json.put("initiators", List.copyOf(this.initiators));
		json.put("quorum", this.quorum);
		json.put("veto", List.copyOf(this.veto));
		json.put("elevated", this.elevated);
		json.put("elevation", this.elevation.orElse(null));
		json.put("expiresIn", this.expiresIn.toString());
		json.put("minJustification", (long) this.minJustification);
		json.put("execution", this.execution);
		// only webhook policies carry the member, so every earlier document (and its
		// ledger events) reads exactly as before
		this.executor.ifPresent((webhook) -> json.put("executor", webhook.toJson()));
		return json;
	}

	/**
	 * The executor webhook of a policy: the URL Countersign calls and the fingerprint of
	 * the shared secret it signs the calls with. The secret itself is stored sealed,
	 * never in a document, event or answer.
	 *
	 * @param url an absolute http or https URL
	 * @param secretFingerprint SHA-256 of the secret's UTF-8 bytes, lower-case hex
	 */
	public record Executor(String url, String secretFingerprint) {

		private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

		public static final int MAX_URL = 2000;

		public Executor {
			checkUrl(url);
			if (!FINGERPRINT.matcher(secretFingerprint).matches()) {
				throw new IllegalArgumentException("executor.secretFingerprint is 64 lower-case hex digits");
			}
		}

		/**
		 * Refuses anything but an absolute http(s) URL with a host, without credentials.
		 */
		public static void checkUrl(String url) {
			java.net.URI uri;
			try {
				uri = new java.net.URI(url);
			}
			catch (java.net.URISyntaxException ex) {
				throw new IllegalArgumentException("executor.url is not a URL: " + ex.getMessage(), ex);
			}
			if (url.length() > MAX_URL || uri.getScheme() == null
					|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					|| uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
				throw new IllegalArgumentException("executor.url is an absolute http or https URL with a host, "
						+ "without user info or fragment, at most " + MAX_URL + " characters");
			}
		}

		public Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("url", this.url);
			json.put("secretFingerprint", this.secretFingerprint);
			return json;
		}

	}

	private static List<String> roles(String member, List<String> roles) {
		List<String> sorted = new ArrayList<>();
		for (String role : new TreeSet<>(roles)) {
			try {
				sorted.add(RoleName.of(role).value());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(member + ": " + ex.getMessage(), ex);
			}
		}
		return List.copyOf(sorted);
	}

}
