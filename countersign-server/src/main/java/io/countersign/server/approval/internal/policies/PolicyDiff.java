package io.countersign.server.approval.internal.policies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.countersign.server.approval.PolicyDocument;

/**
 * What a policy change changes, as the text approvers read (the request's diff): for each
 * policy a header line, then {@code - member: old} and {@code + member: new} for every
 * member that changes (all of them, with {@code +}, for a new policy). The same policies
 * always give the same text, so the executor can recompute it and refuse a request whose
 * diff says something else than its parameters.
 */
final class PolicyDiff {

	private PolicyDiff() {
	}

	/**
	 * Whether {@code proposed} differs from {@code current} in anything but its number.
	 */
	static boolean changes(Optional<PolicyDocument> current, PolicyDocument proposed) {
		return current.map((existing) -> !members(existing).equals(members(proposed))).orElse(true);
	}

	/** The diff of one policy; {@code proposed} carries the version it will become. */
	static String of(Optional<PolicyDocument> current, PolicyDocument proposed) {
		StringBuilder diff = new StringBuilder();
		Map<String, Object> next = members(proposed);
		if (current.isEmpty()) {
			diff.append("policy ").append(proposed.actionType()).append(": new, version ").append(proposed.version());
			diff.append('\n');
			next.forEach((member, value) -> line(diff, '+', member, value));
			return diff.toString();
		}
		Map<String, Object> previous = members(current.get());
		diff.append("policy ")
			.append(proposed.actionType())
			.append(": version ")
			.append(current.get().version())
			.append(" -> ")
			.append(proposed.version())
			.append('\n');
		next.forEach((member, value) -> {
			Object old = previous.get(member);
			if (!Objects.equals(old, value)) {
				line(diff, '-', member, old);
				line(diff, '+', member, value);
			}
		});
		return diff.toString();
	}

	/** The diff of several policies, one after the other in the order given. */
	static String of(List<Change> changes) {
		StringBuilder diff = new StringBuilder();
		for (Change change : changes) {
			diff.append(of(change.current(), change.proposed()));
		}
		return diff.toString();
	}

	/** One policy's change: what is in force, if anything, and what is proposed. */
	record Change(Optional<PolicyDocument> current, PolicyDocument proposed) {
	}

	private static Map<String, Object> members(PolicyDocument policy) {
		Map<String, Object> members = new LinkedHashMap<>(policy.toJson());
		members.remove("actionType");
		members.remove("version");
		return members;
	}

	private static void line(StringBuilder diff, char sign, String member, Object value) {
		diff.append(sign).append(' ').append(member).append(": ").append(render(value)).append('\n');
	}

	private static String render(Object value) {
		if (value == null) {
			return "none";
		}
		if (value instanceof List<?> list) {
			return list.toString();
		}
		return value.toString();
	}

}
