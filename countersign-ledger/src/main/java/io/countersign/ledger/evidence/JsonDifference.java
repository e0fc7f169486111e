package io.countersign.ledger.evidence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.countersign.ledger.json.Json;

/**
 * The first place two parsed JSON values differ, as a path like
 * {@code $.revisions[1].content.justification}.
 */
record JsonDifference(String path, Optional<Object> expected, Optional<Object> found) {

	private static final int SHOWN = 60;

	static Optional<JsonDifference> between(Object expected, Object found) {
		return between("$", expected, found);
	}

	private static Optional<JsonDifference> between(String path, Object expected, Object found) {
		if (expected instanceof Map<?, ?> want && found instanceof Map<?, ?> have) {
			TreeSet<String> names = new TreeSet<>();
			want.keySet().forEach((name) -> names.add((String) name));
			have.keySet().forEach((name) -> names.add((String) name));
			for (String name : names) {
				String inner = path + "." + name;
				if (!want.containsKey(name)) {
					return Optional.of(new JsonDifference(inner, Optional.empty(), Optional.of(show(have.get(name)))));
				}
				if (!have.containsKey(name)) {
					return Optional.of(new JsonDifference(inner, Optional.of(show(want.get(name))), Optional.empty()));
				}
				Optional<JsonDifference> difference = between(inner, want.get(name), have.get(name));
				if (difference.isPresent()) {
					return difference;
				}
			}
			return Optional.empty();
		}
		if (expected instanceof List<?> want && found instanceof List<?> have) {
			for (int i = 0; i < Math.min(want.size(), have.size()); i++) {
				Optional<JsonDifference> difference = between(path + "[" + i + "]", want.get(i), have.get(i));
				if (difference.isPresent()) {
					return difference;
				}
			}
			if (want.size() != have.size()) {
				return Optional
					.of(new JsonDifference(path + " (length)", Optional.of(want.size()), Optional.of(have.size())));
			}
			return Optional.empty();
		}
		if (Objects.equals(expected, found)) {
			return Optional.empty();
		}
		return Optional.of(new JsonDifference(path, Optional.of(show(expected)), Optional.of(show(found))));
	}

	private static String show(Object value) {
		String text = Json.write(value);
		return (text.length() > SHOWN) ? text.substring(0, SHOWN) + "…" : text;
	}

	/** {@code $.state is "EXECUTED", the proven events say "EXECUTING"}. */
	String describe() {
		return this.path + " is " + this.found.map(String::valueOf).orElse("absent") + ", the proven events say "
				+ this.expected.map(String::valueOf).orElse("nothing there");
	}

}
