package io.countersign.server.approval.internal.policies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.approval.PolicyDocument;

/**
 * Reads back a {@link PolicyDocument#toJson()} as a {@code policy.change} request's
 * parameters carry it (numbers may come back as any {@code Number}). Anything else is an
 * {@code IllegalArgumentException}: the executor fails the request.
 */
final class PolicyJson {

	private PolicyJson() {
	}

	static PolicyDocument read(Object json) {
		if (!(json instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("a proposed policy is a JSON object");
		}
		return new PolicyDocument(string(map, "actionType"), number(map, "version"), string(map, "description"),
				strings(map, "initiators"), string(map, "quorum"), strings(map, "veto"),
				Boolean.TRUE.equals(map.get("elevated")), Optional.ofNullable((String) map.get("elevation")),
				Duration.parse(string(map, "expiresIn")), number(map, "minJustification"), string(map, "execution"),
				executor(map.get("executor")));
	}

	private static Optional<PolicyDocument.Executor> executor(Object json) {
		if (json == null) {
			return Optional.empty();
		}
		if (!(json instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("executor is an object");
		}
		return Optional.of(new PolicyDocument.Executor(string(map, "url"), string(map, "secretFingerprint")));
	}

	/** The proposed policies of a {@code policy.change} request's parameters. */
	static List<PolicyDocument> proposals(Map<String, Object> parameters) {
		if (!(parameters.get(ChangingPolicies.POLICIES) instanceof List<?> list) || list.isEmpty()) {
			throw new IllegalArgumentException("the parameters of a policy change hold \"policies\": [policy, ...]");
		}
		List<PolicyDocument> proposals = new ArrayList<>();
		list.forEach((item) -> proposals.add(read(item)));
		return proposals;
	}

	private static String string(Map<?, ?> map, String member) {
		if (!(map.get(member) instanceof String text)) {
			throw new IllegalArgumentException(member + " is a string");
		}
		return text;
	}

	private static int number(Map<?, ?> map, String member) {
		if (!(map.get(member) instanceof Number number)) {
			throw new IllegalArgumentException(member + " is a number");
		}
		return Math.toIntExact(number.longValue());
	}

	private static List<String> strings(Map<?, ?> map, String member) {
		if (!(map.get(member) instanceof List<?> list)) {
			throw new IllegalArgumentException(member + " is a list");
		}
		List<String> strings = new ArrayList<>();
		list.forEach((item) -> strings.add((String) item));
		return strings;
	}

}
