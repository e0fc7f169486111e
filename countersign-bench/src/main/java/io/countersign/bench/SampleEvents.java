package io.countersign.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic audit events for load: OWASP-style and domain event types with a skewed mix,
 * a thousand people and a few services as actors, resources, a source address and agent,
 * and a handful of details, so that a canonical leaf is 300 to 500 bytes.
 */
final class SampleEvents {

	/**
	 * How many distinct human actors there are ({@code user-0000} … {@code user-0999}).
	 */
	static final int PEOPLE = 1000;

	/** Event types, most frequent first; {@link #type} draws them with a skew. */
	// A client's own authn_/authz_/policy_change_ events carry its prefix: those
	// namespaces are
	// Countersign's (ReservedEvents).
	static final List<String> TYPES = List.of("app.authn_login_success", "app.authz_admin", "data_read_sensitive",
			"SECRET_READ", "app.authn_login_fail", "CHANGE_REQUESTED", "CHANGE_DECIDED", "DEPLOYMENT_EXECUTED",
			"app.authz_fail", "SECRET_ROTATED", "app.policy_change_approved", "app.privilege_changed");

	private static final List<String> SERVICES = List.of("svc-deployer", "svc-backup", "svc-rotator", "svc-ci-runner");

	private static final List<String> RESOURCE_TYPES = List.of("secret", "database", "cluster", "policy", "deployment",
			"account");

	private static final List<String> ENVIRONMENTS = List.of("prod", "staging", "dev");

	private static final List<String> AGENTS = List.of("Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
			"countersign-cli/0.1.0 (linux; amd64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/127.0",
			"terraform-provider-countersign/1.4.2");

	private final SplittableRandom random;

	SampleEvents(long seed) {
		this.random = new SplittableRandom(seed);
	}

	SampleEvent next() {
		String type = type();
		boolean service = this.random.nextInt(10) == 0;
		String actor = service ? SERVICES.get(this.random.nextInt(SERVICES.size()))
				: person(this.random.nextInt(PEOPLE));
		String resourceType = RESOURCE_TYPES.get(this.random.nextInt(RESOURCE_TYPES.size()));
		String environment = ENVIRONMENTS.get(this.random.nextInt(ENVIRONMENTS.size()));
		String resourceId = environment + "/" + resourceType + "-" + this.random.nextInt(5000);
		String outcome = type.endsWith("_fail") ? "failure" : (this.random.nextInt(50) == 0) ? "denied" : "success";
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("request_id", Long.toHexString(this.random.nextLong()));
		details.put("environment", environment);
		details.put("ticket", "OPS-" + (10000 + this.random.nextInt(90000)));
		details.put("duration_ms", this.random.nextInt(2000));
		return new SampleEvent(type, actor, service ? "service" : "user", action(type), resourceType, resourceId,
				outcome, service ? "scheduled job" : "on-call change", ip(),
				AGENTS.get(this.random.nextInt(AGENTS.size())), details);
	}

	static String person(int number) {
		return "user-%04d".formatted(number);
	}

	// Zipf-like: the first types are much more frequent than the last ones.
	private String type() {
		double u = this.random.nextDouble();
		int index = (int) Math.floor(Math.pow(u, 2.2) * TYPES.size());
		return TYPES.get(Math.min(index, TYPES.size() - 1));
	}

	private String ip() {
		return "10." + this.random.nextInt(256) + "." + this.random.nextInt(256) + "." + (1 + this.random.nextInt(254));
	}

	private static String action(String type) {
		return switch (type) {
			case "app.authn_login_success", "app.authn_login_fail" -> "login";
			case "SECRET_READ", "data_read_sensitive" -> "read";
			case "SECRET_ROTATED" -> "rotate";
			case "DEPLOYMENT_EXECUTED" -> "deploy";
			case "CHANGE_REQUESTED" -> "request";
			case "CHANGE_DECIDED", "app.policy_change_approved" -> "approve";
			default -> "update";
		};
	}

}
